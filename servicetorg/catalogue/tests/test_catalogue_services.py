"""service_create / service_update: validation, permissions, and a version for every change."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from servicetorg.accounts.models import Role, User
from servicetorg.catalogue.models import Area, Handling, Service, ServiceVersion
from servicetorg.catalogue.services import SERVICE_FIELDS, service_create, service_mark_reviewed, service_update
from servicetorg.organisation.models import Unit


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def person(username, role, municipality):
    return User.objects.create_user(username=username, role=role, municipality=municipality)


def create(by, municipality, **fields):
    defaults = {
        "name": "Parkeringstillatelse for forflytningshemmede", "area": Area.objects.get(code="vei-trafikk-parkering"),
        "step": 3, "handling": Handling.GUIDE,
    }
    return service_create(by=by, municipality=municipality, **{**defaults, **fields})


def test_create_records_version_one_with_every_field(leader, municipality, byggesak):
    service = create(
        leader, municipality, owner_unit=byggesak, summary="Søk om parkeringskort.",
        links=[{"title": "Søk parkeringskort", "url": "https://www.sandefjord.kommune.no/parkering"}],
        last_reviewed=dt.date(2025, 3, 1), content_owner=leader,
    )

    version = service.versions.get()
    assert version.number == 1
    assert version.changed_by == leader
    assert set(version.changes) == set(SERVICE_FIELDS)
    assert version.changes["name"] == [None, "Parkeringstillatelse for forflytningshemmede"]
    assert version.changes["area"] == [None, "vei-trafikk-parkering"]
    assert version.changes["owner_unit"] == [None, byggesak.pk]
    assert version.changes["content_owner"] == [None, leader.pk]
    assert version.changes["last_reviewed"] == [None, "2025-03-01"]
    assert version.changes["links"][1][0]["title"] == "Søk parkeringskort"


def test_create_makes_the_slug_from_the_name(leader, municipality):
    service = create(leader, municipality)

    assert service.slug == "parkeringstillatelse-for-forflytningshemmede"


def test_update_records_only_the_changed_fields_with_old_and_new(leader, municipality):
    service = create(leader, municipality, summary="Gammel tekst.")

    service_update(service=service, by=leader, summary="Ny tekst.", step=3, handling=Handling.GUIDE,
                   note="Rettet sammendrag")

    version = service.versions.order_by("-number").first()
    assert version.number == 2
    assert version.changes == {"summary": ["Gammel tekst.", "Ny tekst."]}
    assert version.note == "Rettet sammendrag"
    service.refresh_from_db()
    assert service.summary == "Ny tekst."


def test_update_of_a_foreign_key_records_the_ids(leader, municipality, byggesak, nav):
    service = create(leader, municipality, owner_unit=byggesak)

    service_update(service=service, by=leader, handling=Handling.REFER, forward_to=nav)

    assert service.versions.order_by("-number").first().changes == {
        "handling": ["guide", "refer"], "forward_to": [None, nav.pk],
    }


def test_an_update_that_changes_nothing_makes_no_version(leader, municipality):
    service = create(leader, municipality, summary="Samme.")

    service_update(service=service, by=leader, summary="Samme.", step=3)

    assert service.versions.count() == 1


def test_marking_reviewed_is_a_version(leader, municipality):
    service = create(leader, municipality)

    service_mark_reviewed(service=service, by=leader, on=dt.date(2025, 6, 2))

    assert service.versions.order_by("-number").first().changes == {"last_reviewed": [None, "2025-06-02"]}


def test_the_leader_edits_any_service_of_the_municipality(leader, service_renovasjon):
    service_update(service=service_renovasjon, by=leader, summary="Tømmes annenhver uke.")

    assert service_renovasjon.versions.get().changed_by == leader


def test_a_content_owner_edits_their_own_service(clerk, service_renovasjon):
    service_renovasjon.content_owner = clerk
    service_renovasjon.save(update_fields=["content_owner"])

    service_update(service=service_renovasjon, by=clerk, summary="Tømmes annenhver uke.")

    assert service_renovasjon.versions.get().changed_by == clerk


def test_a_content_owner_may_not_edit_another_service(clerk, service_renovasjon, service_byggesak):
    service_renovasjon.content_owner = clerk
    service_renovasjon.save(update_fields=["content_owner"])

    with pytest.raises(PermissionDenied):
        service_update(service=service_byggesak, by=clerk, summary="Nei.")


@pytest.mark.parametrize("persona", ["clerk", "caseworker"])
def test_frontline_and_caseworkers_may_not_edit(request, persona, municipality, service_byggesak):
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        service_update(service=service_byggesak, by=user, summary="Nei.")
    with pytest.raises(PermissionDenied):
        create(user, municipality)
    assert ServiceVersion.objects.count() == 0


def test_a_leader_of_another_municipality_may_not_edit(other_municipality, service_byggesak):
    stranger = person("levanger-leader", Role.LEADER, other_municipality)

    with pytest.raises(PermissionDenied):
        service_update(service=service_byggesak, by=stranger, summary="Nei.")


def test_a_unit_of_another_municipality_is_refused(leader, municipality, other_municipality):
    foreign = Unit.objects.create(municipality=other_municipality, name="Byggesak Levanger", slug="byggesak")

    with pytest.raises(ValidationError) as caught:
        create(leader, municipality, owner_unit=foreign)

    assert caught.value.message_dict == {"owner_unit": ["Choose one of your municipality's units."]}
    assert Service.objects.count() == 0


def test_a_content_owner_of_another_municipality_is_refused(leader, municipality, other_municipality):
    stranger = person("levanger-clerk", Role.FRONTLINE, other_municipality)

    with pytest.raises(ValidationError) as caught:
        create(leader, municipality, content_owner=stranger)

    assert set(caught.value.message_dict) == {"content_owner"}


@pytest.mark.parametrize(
    ("links", "message"),
    [
        ("https://example.org", "Links must be a list of title and address."),
        ([{"url": "https://example.org"}], "Every link needs a title and an address."),
        ([{"title": "Skjema", "url": "ikke en adresse"}], "ikke en adresse is not a web address."),
        ([{"title": "Skjema", "url": "javascript:alert(1)"}], "javascript:alert(1) is not a web address."),
    ],
)
def test_bad_links_are_refused(leader, municipality, links, message):
    with pytest.raises(ValidationError) as caught:
        create(leader, municipality, links=links)

    assert caught.value.message_dict == {"links": [message]}


@pytest.mark.parametrize("handling", [Handling.FORWARD, Handling.REFER])
def test_forward_and_refer_need_a_target(leader, municipality, handling):
    with pytest.raises(ValidationError) as caught:
        create(leader, municipality, handling=handling)

    assert set(caught.value.message_dict) == {"forward_to"}


def test_a_bad_update_changes_nothing(leader, municipality, service_byggesak):
    with pytest.raises(ValidationError):
        service_update(service=service_byggesak, by=leader, handling=Handling.FORWARD)

    service_byggesak.refresh_from_db()
    assert service_byggesak.handling == Handling.GUIDE
    assert service_byggesak.versions.count() == 0


def test_an_unknown_field_is_refused(leader, municipality):
    with pytest.raises(ValidationError) as caught:
        create(leader, municipality, colour="blå")

    assert set(caught.value.message_dict) == {"colour"}
