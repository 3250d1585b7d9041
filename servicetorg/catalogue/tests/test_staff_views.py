"""The staff side of the catalogue, through its URLs, for each persona."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import indexed
from servicetorg.accounts.models import Role, User
from servicetorg.catalogue.models import Area, Article, ArticleKind, Handling, Service, ServiceVersion
from servicetorg.catalogue.services import service_create, service_update
from servicetorg.organisation.models import StaffContact, Unit

LIST = reverse("catalogue:service-list")
REVIEW = reverse("catalogue:service-review-list")
PERSONAS = ["clerk", "leader", "caseworker", "administrator"]


def detail(service):
    return reverse("catalogue:service-detail", args=[service.slug])


def edit(service):
    return reverse("catalogue:service-update", args=[service.slug])


def history(service):
    return reverse("catalogue:service-history", args=[service.slug])


def reviewed(service):
    return reverse("catalogue:service-reviewed", args=[service.slug])


@pytest.fixture
def english(client):
    """The pages in English, so the tests read the msgids whatever the bokmål catalogue says."""
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def stranger(other_municipality):
    return User.objects.create_user("levanger", password="pw-123-abc-xyz", role=Role.LEADER,
                                    municipality=other_municipality)


@pytest.fixture
def foreign_service(other_municipality):
    return indexed(Service.objects.create(
        municipality=other_municipality, name="Tømming i Levanger", slug="tomming-avfall",
        area=Area.objects.get(code="renovasjon"), step=1, handling=Handling.ANSWER,
    ))


@pytest.fixture
def phone_script(municipality, service_barnevern):
    article = Article.objects.create(
        municipality=municipality, title="Når noen ringer bekymret for et barn", slug="bekymret-for-barn",
        kind=ArticleKind.PHONE_SCRIPT, public=False, body="Lytt. Ikke noter navn.\n\nSett over til barnevernvakten.",
    )
    article.services.add(service_barnevern)
    return indexed(article)


def edit_data(service, **changes):
    """The edit form as the browser posts it, unchanged unless told."""
    data = {
        "name": service.name, "name_nn": service.name_nn, "name_en": service.name_en, "area": service.area_id,
        "step": service.step, "handling": service.handling, "guidance": service.guidance,
        "owner_unit": service.owner_unit_id or "", "forward_to": service.forward_to_id or "",
        "summary": service.summary, "summary_nn": service.summary_nn, "summary_en": service.summary_en,
        "body": service.body, "body_nn": service.body_nn, "body_en": service.body_en,
        "links": "\n".join(f"{link['title']} | {link['url']}" for link in service.links), "fees": service.fees,
        "legal_basis": service.legal_basis, "keywords": service.keywords,
        "content_owner": service.content_owner_id or "",
        "last_reviewed": service.last_reviewed.isoformat() if service.last_reviewed else "",
        "note": "Retter teksten",
    }
    if service.sensitive:
        data["sensitive"] = "on"
    if service.active:
        data["active"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# Who may come in


@pytest.mark.parametrize("url_name", ["service-list", "service-review-list", "contact-list"])
def test_it_sends_anonymous_visitors_to_the_login(client, url_name):
    response = client.get(reverse(f"catalogue:{url_name}"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("url", ["service-detail", "service-update", "service-history"])
def test_it_sends_anonymous_visitors_to_the_login_from_a_service(client, service_renovasjon, url):
    response = client.get(reverse(f"catalogue:{url}", args=[service_renovasjon.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_staff_role_reads_the_catalogue(request, client_for, persona, service_barnevern, phone_script):
    client = client_for(request.getfixturevalue(persona))
    for url in (LIST, detail(service_barnevern), history(service_barnevern), REVIEW,
                reverse("catalogue:article-detail", args=[phone_script.slug])):
        assert client.get(url).status_code == 200, url


def test_a_user_without_a_role_in_the_table_is_denied(client_for, municipality, service_renovasjon):
    nobody = User.objects.create_user("nobody", password="pw-123-abc-xyz", role="retired",
                                      municipality=municipality)
    client = client_for(nobody)
    assert client.get(LIST).status_code == 403
    assert client.get(detail(service_renovasjon)).status_code == 403


@pytest.mark.parametrize("url", [detail, edit, history])
def test_another_municipalitys_service_is_not_found(client_for, stranger, service_renovasjon, url):
    assert client_for(stranger).get(url(service_renovasjon)).status_code == 404


def test_another_municipality_cannot_mark_a_service_reviewed(client_for, stranger, service_renovasjon):
    assert client_for(stranger).post(reviewed(service_renovasjon)).status_code == 404
    service_renovasjon.refresh_from_db()
    assert service_renovasjon.last_reviewed is None


def test_the_same_slug_in_two_municipalities_shows_ones_own(english, client_for, clerk, service_renovasjon,
                                                           foreign_service):
    body = client_for(clerk).get(detail(service_renovasjon)).content.decode()
    assert "Tømming av avfallsbeholdere" in body
    assert "Levanger" not in body


# Search


def names(response):
    return [row.name for row in response.context["rows"]]


def test_it_finds_services_by_what_the_clerk_types(client_for, clerk, service_renovasjon, service_byggesak):
    response = client_for(clerk).get(LIST, {"q": "tømming"})
    assert response.status_code == 200
    assert names(response) == ["Tømming av avfallsbeholdere"]


def test_it_shows_area_step_handling_and_forward_target(english, client_for, clerk, service_barnevern):
    body = client_for(clerk).get(LIST, {"q": "bekymringsmelding"}).content.decode()
    assert detail(service_barnevern) in body
    assert "Barneverntjenesten" in body  # the forward target
    assert "badge-forward" in body
    assert "4 Discretionary case handling" in body
    assert "Sensitive" in body


def test_it_answers_htmx_with_the_results_only(client_for, clerk, service_renovasjon):
    response = client_for(clerk).get(LIST, {"q": "tømming"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body
    assert 'id="result-count" hx-swap-oob="innerHTML"' in body
    assert "Tømming av avfallsbeholdere" in body
    assert "HX-Request" in response["Vary"]


def test_htmx_restoring_history_gets_the_whole_page(client_for, clerk, service_renovasjon):
    response = client_for(clerk).get(
        LIST, {"q": "tømming"}, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in response.content.decode()


def test_it_filters_by_area(client_for, clerk, service_renovasjon, service_byggesak):
    client = client_for(clerk)
    assert names(client.get(LIST, {"area": "byggesak"})) == ["Søknad om byggetillatelse"]
    assert names(client.get(LIST, {"q": "tømming", "area": "byggesak"})) == []
    assert names(client.get(LIST, {"q": "tømming", "area": "renovasjon"})) == ["Tømming av avfallsbeholdere"]


def test_it_shows_nothing_before_a_search(client_for, clerk, service_renovasjon):
    assert names(client_for(clerk).get(LIST)) == []


def test_it_explains_an_unknown_area(client_for, clerk, service_renovasjon):
    response = client_for(clerk).get(LIST, {"q": "tømming", "area": "no-such-area"})
    assert response.status_code == 200
    assert "area" in response.context["form"].errors
    assert names(response) == []


def test_it_never_lists_another_municipalitys_services(client_for, clerk, foreign_service):
    client = client_for(clerk)
    assert names(client.get(LIST, {"q": "tømming"})) == []
    assert names(client.get(LIST, {"area": "renovasjon"})) == []


def test_it_leaves_out_inactive_services(client_for, clerk, service_renovasjon):
    service_renovasjon.active = False
    service_renovasjon.save(update_fields=["active"])
    assert names(client_for(clerk).get(LIST, {"area": "renovasjon"})) == []


def test_the_search_takes_a_fixed_number_of_queries(client_for, clerk, municipality, byggesak, nav):
    client = client_for(clerk)
    area = Area.objects.get(code="renovasjon")
    params = {"q": "tømming", "area": "renovasjon"}

    def add(number):
        service_create(
            by=None, municipality=municipality, name=f"Tømming av avfall {number}", slug=f"tomming-{number}",
            area=area, step=2, handling=Handling.REFER if number % 2 else Handling.GUIDE, owner_unit=byggesak,
            forward_to=nav if number % 2 else None,
        )

    def measure(rows):
        # The first search after a change lets the engine refresh its vocabulary once;
        # what must not grow with the rows is the search itself.
        client.get(LIST, params)
        with CaptureQueriesContext(connection) as queries:
            assert len(client.get(LIST, params).context["rows"]) == rows
        return len(queries.captured_queries)

    add(0)
    few = measure(1)
    for number in range(1, 21):
        add(number)
    assert measure(21) == few


# The service page


def test_the_service_page_puts_the_frontline_guidance_first(
    english, client_for, clerk, service_barnevern, phone_script, municipality, barnevern
):
    service_barnevern.guidance = "Ta imot bekymringen og sett over til barneverntjenesten."
    service_barnevern.summary = "Alle kan melde bekymring for et barn."
    service_barnevern.body = "Barneverntjenesten vurderer alle meldinger innen en uke."
    service_barnevern.save()
    StaffContact.objects.create(municipality=municipality, name="Kari Nordmann", title="Barnevernleder",
                                unit=barnevern, phone="33 41 60 00")
    body = client_for(clerk).get(detail(service_barnevern)).content.decode()
    order = [
        "May I answer this?", "Forward to Barneverntjenesten.", "Log category only, never free text.",
        "Ta imot bekymringen", "What to tell the citizen", "Alle kan melde bekymring",
        "vurderer alle meldinger", phone_script.title, "Kari Nordmann",
    ]
    positions = [body.index(text) for text in order]
    assert positions == sorted(positions)
    assert "Step 4, discretionary case handling" in body
    assert "staff only" in body


@pytest.mark.parametrize(("handling", "verdict"), [
    (Handling.ANSWER, "Yes: answer it yourself."),
    (Handling.GUIDE, "Guide the person to self-service."),
    (Handling.REFER, "Refer to NAV Sandefjord."),
])
def test_the_verdict_says_what_the_clerk_may_do(english, client_for, clerk, service_renovasjon, nav, handling,
                                                 verdict):
    service_renovasjon.handling = handling
    service_renovasjon.forward_to = nav if handling == Handling.REFER else None
    service_renovasjon.save()
    body = client_for(clerk).get(detail(service_renovasjon)).content.decode()
    assert verdict in body
    assert "Log category only" not in body


def test_the_service_page_shows_links_fees_and_legal_basis(english, client_for, clerk, service_byggesak):
    service_byggesak.links = [{"title": "Søk byggetillatelse", "url": "https://example.no/bygg"}]
    service_byggesak.fees = "Gebyr etter regulativet"
    service_byggesak.legal_basis = "Plan- og bygningsloven § 20-1"
    service_byggesak.save()
    body = client_for(clerk).get(detail(service_byggesak)).content.decode()
    assert '<a href="https://example.no/bygg">Søk byggetillatelse</a>' in body
    assert "Gebyr etter regulativet" in body
    assert "Plan- og bygningsloven § 20-1" in body


def test_the_service_page_shows_the_owner_and_flags_a_review(english, client_for, clerk, leader, service_byggesak):
    service_byggesak.content_owner = leader
    service_byggesak.last_reviewed = dt.date(2026, 1, 10)
    service_byggesak.save()
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)):
        response = client_for(clerk).get(detail(service_byggesak))
    assert response.context["page"].due_for_review is False
    assert "Leader" in response.content.decode()
    # Logged in again: a year on, the session has expired.
    with time_machine.travel(dt.datetime(2027, 1, 11, 12, tzinfo=dt.UTC)):
        response = client_for(clerk).get(detail(service_byggesak))
    assert response.context["page"].due_for_review is True
    assert "Due for review" in response.content.decode()


def test_the_review_period_is_a_setting(client_for, clerk, service_byggesak, settings):
    settings.CATALOGUE_REVIEW_DAYS = 30
    service_byggesak.last_reviewed = dt.date(2026, 1, 10)
    service_byggesak.save()
    with time_machine.travel(dt.datetime(2026, 2, 10, 12, tzinfo=dt.UTC)):
        assert client_for(clerk).get(detail(service_byggesak)).context["page"].due_for_review is True


def test_contacts_come_from_the_owner_and_forward_units_only(
    client_for, clerk, service_byggesak, municipality, byggesak, barnevern, other_municipality
):
    StaffContact.objects.create(municipality=municipality, name="Per Bygg", unit=byggesak)
    StaffContact.objects.create(municipality=municipality, name="Gammel Bygg", unit=byggesak, active=False)
    StaffContact.objects.create(municipality=municipality, name="Berit Barnevern", unit=barnevern)
    response = client_for(clerk).get(detail(service_byggesak))
    assert [c.name for c in response.context["page"].contacts] == ["Per Bygg"]


def test_only_editors_see_the_edit_button(english, client_for, clerk, leader, service_byggesak):
    assert edit(service_byggesak) not in client_for(clerk).get(detail(service_byggesak)).content.decode()
    assert edit(service_byggesak) in client_for(leader).get(detail(service_byggesak)).content.decode()


# Editing


@pytest.mark.parametrize(("persona", "status"), [("clerk", 403), ("caseworker", 403), ("leader", 200),
                                                  ("administrator", 200)])
def test_leaders_and_administrators_may_edit(request, client_for, service_byggesak, persona, status):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(edit(service_byggesak)).status_code == status
    response = client.post(edit(service_byggesak), edit_data(service_byggesak, name="Byggetillatelse"))
    assert response.status_code == (302 if status == 200 else 403)
    service_byggesak.refresh_from_db()
    assert (service_byggesak.name == "Byggetillatelse") == (status == 200)


@pytest.mark.parametrize("persona", ["clerk", "caseworker"])
def test_a_content_owner_edits_their_own_service(request, client_for, service_byggesak, persona):
    owner = request.getfixturevalue(persona)
    service_byggesak.content_owner = owner
    service_byggesak.save()
    client = client_for(owner)
    assert client.get(edit(service_byggesak)).status_code == 200
    response = client.post(edit(service_byggesak), edit_data(service_byggesak, fees="Gratis"))
    assert response["Location"] == detail(service_byggesak)
    service_byggesak.refresh_from_db()
    assert service_byggesak.fees == "Gratis"


def test_saving_versions_the_change_with_the_note(client_for, leader, service_byggesak, nav):
    data = edit_data(service_byggesak, handling="refer", forward_to=nav.pk,
                     links="Søk byggetillatelse | https://example.no/bygg\n\n",
                     note="Henvises til NAV fra nå")
    assert client_for(leader).post(edit(service_byggesak), data).status_code == 302
    service_byggesak.refresh_from_db()
    assert service_byggesak.forward_to == nav
    assert service_byggesak.links == [{"title": "Søk byggetillatelse", "url": "https://example.no/bygg"}]
    version = ServiceVersion.objects.get(service=service_byggesak)
    assert version.changed_by == leader
    assert version.note == "Henvises til NAV fra nå"
    assert version.changes == {
        "handling": ["guide", "refer"], "forward_to": [None, nav.pk],
        "links": [[], [{"title": "Søk byggetillatelse", "url": "https://example.no/bygg"}]],
    }


def test_the_form_shows_the_current_values(client_for, leader, service_byggesak):
    service_byggesak.links = [{"title": "Søk", "url": "https://example.no/sok"}]
    service_byggesak.save()
    form = client_for(leader).get(edit(service_byggesak)).context["form"]
    assert form["links"].value() == "Søk | https://example.no/sok"
    assert form["owner_unit"].value() == service_byggesak.owner_unit_id
    assert "slug" not in form.fields


@pytest.mark.parametrize(("changes", "field"), [
    ({"name": ""}, "name"),
    ({"links": "Søk byggetillatelse"}, "links"),
    ({"links": "Søk | not-an-address"}, "links"),
    ({"handling": "forward", "forward_to": ""}, "forward_to"),
    ({"step": "7"}, "step"),
    ({"area": "no-such-area"}, "area"),
    ({"note": ""}, "note"),
    ({"summary": "x" * 301}, "summary"),
])
def test_bad_input_is_explained_and_nothing_saved(english, client_for, leader, service_byggesak, changes, field):
    response = client_for(leader).post(edit(service_byggesak), edit_data(service_byggesak, fees="Ny", **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    body = response.content.decode()
    assert 'id="error-summary"' in body
    assert f'href="#id_{field}"' in body
    service_byggesak.refresh_from_db()
    assert service_byggesak.fees == ""
    assert not ServiceVersion.objects.filter(service=service_byggesak).exists()


def test_another_municipalitys_unit_cannot_be_chosen(client_for, leader, service_byggesak, other_municipality):
    theirs = Unit.objects.create(municipality=other_municipality, name="Byggesak Levanger", slug="byggesak")
    response = client_for(leader).post(edit(service_byggesak), edit_data(service_byggesak, owner_unit=theirs.pk))
    assert "owner_unit" in response.context["form"].errors
    service_byggesak.refresh_from_db()
    assert service_byggesak.owner_unit.name == "Byggesak"


def test_the_link_errors_name_the_line(english, client_for, leader, service_byggesak):
    data = edit_data(service_byggesak, links="Søk | https://example.no/sok\nBare en tittel\nFeil | ftp://x")
    errors = client_for(leader).post(edit(service_byggesak), data).context["form"].errors["links"]
    assert errors == ["Line 2: write the title, a bar (|) and the address.", "Line 3: ftp://x is not a web address."]


def test_the_page_title_keeps_the_saved_name_after_an_error(english, client_for, leader, service_byggesak):
    data = edit_data(service_byggesak, name="Nytt navn", handling="forward", forward_to="")
    response = client_for(leader).post(edit(service_byggesak), data)
    assert response.context["service"].name == "Søknad om byggetillatelse"


# History


def test_the_history_shows_who_when_and_each_change(english, client_for, clerk, leader, municipality, byggesak,
                                                    nav):
    service = service_create(by=leader, municipality=municipality, name="Kommunale boliger",
                             area=Area.objects.get(code="bolig"), step=2, handling="guide", owner_unit=byggesak,
                             note="Ny tjeneste")
    service_update(service=service, by=leader, handling="refer", forward_to=nav, sensitive=True,
                   note="NAV tar disse")
    response = client_for(clerk).get(history(service))
    versions = response.context["versions"]
    assert [v.version.number for v in versions] == [2, 1]
    changes = {c.field: (c.old, c.new) for c in versions[0].changes}
    assert changes == {"handling": ("Guide", "Refer"), "forward_to": ("–", "NAV Sandefjord"),
                       "sensitive": ("No", "Yes")}
    body = response.content.decode()
    assert "NAV tar disse" in body
    assert "Leader" in body
    created = {c.field: c.new for c in versions[1].changes}
    assert created["owner_unit"] == "Byggesak"
    assert created["area"] == Area.objects.get(code="bolig").name_en


def test_the_history_takes_a_fixed_number_of_queries(client_for, clerk, leader, service_byggesak, nav, byggesak):
    client = client_for(clerk)
    service_update(service=service_byggesak, by=leader, fees="100 kr", note="Gebyr")
    with CaptureQueriesContext(connection) as few:
        client.get(history(service_byggesak))
    for number in range(10):
        service_update(service=service_byggesak, by=leader, fees=f"{number} kr", content_owner=leader if number % 2
                       else clerk, forward_to=nav if number % 2 else byggesak, note=f"Endring {number}")
    with CaptureQueriesContext(connection) as many:
        client.get(history(service_byggesak))
    assert len(many.captured_queries) == len(few.captured_queries) + 2  # the people and units named, once each


# Marking reviewed


@time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC))
def test_the_content_owner_marks_a_service_reviewed(client_for, clerk, service_byggesak):
    service_byggesak.content_owner = clerk
    service_byggesak.save()
    response = client_for(clerk).post(reviewed(service_byggesak), {"next": REVIEW})
    assert response["Location"] == REVIEW
    service_byggesak.refresh_from_db()
    assert service_byggesak.last_reviewed == dt.date(2026, 6, 1)
    assert ServiceVersion.objects.get(service=service_byggesak).changed_by == clerk


def test_marking_reviewed_ignores_a_foreign_next(client_for, leader, service_byggesak):
    response = client_for(leader).post(reviewed(service_byggesak), {"next": "https://evil.example/"})
    assert response["Location"] == detail(service_byggesak)


def test_only_owners_and_editors_mark_reviewed(client_for, clerk, caseworker, service_byggesak):
    assert client_for(clerk).post(reviewed(service_byggesak)).status_code == 403
    assert client_for(caseworker).post(reviewed(service_byggesak)).status_code == 403
    service_byggesak.refresh_from_db()
    assert service_byggesak.last_reviewed is None


def test_marking_reviewed_needs_a_post(client_for, leader, service_byggesak):
    assert client_for(leader).get(reviewed(service_byggesak)).status_code == 405


def test_a_service_with_bad_stored_data_sends_the_editor_to_the_form(client_for, leader, service_byggesak):
    Service.objects.filter(pk=service_byggesak.pk).update(links=[{"title": "Gammel", "url": "ikke en adresse"}])
    response = client_for(leader).post(reviewed(service_byggesak))
    assert response["Location"] == edit(service_byggesak)
    service_byggesak.refresh_from_db()
    assert service_byggesak.last_reviewed is None


# The review list


@pytest.fixture
def review_set(municipality, clerk, leader, byggesak, barnevern):
    """Five services: two of the clerk's are due, one of the clerk's is fresh, two belong to the leader."""
    area = Area.objects.get(code="byggesak")

    def add(slug, owner, reviewed_on, unit=byggesak, active=True):
        return Service.objects.create(municipality=municipality, name=slug.capitalize(), slug=slug, area=area,
                                      step=1, handling="answer", content_owner=owner, last_reviewed=reviewed_on,
                                      owner_unit=unit, active=active)

    return {
        "old": add("gammel", clerk, dt.date(2024, 3, 1)),
        "never": add("aldri", clerk, None),
        "fresh": add("fersk", clerk, dt.date(2026, 5, 1)),
        "leaders": add("lederens", leader, dt.date(2025, 1, 1), unit=barnevern),
        "inactive": add("nedlagt", leader, None, active=False),
    }


def review_slugs(response):
    return [s.slug for s in response.context["services"]]


@time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC))
def test_a_content_owner_sees_their_services_due_oldest_first(client_for, clerk, review_set):
    response = client_for(clerk).get(REVIEW)
    assert review_slugs(response) == ["aldri", "gammel"]
    assert response.context["form"] is None


@time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC))
def test_a_caseworker_who_owns_nothing_sees_nothing(english, client_for, caseworker, review_set):
    response = client_for(caseworker).get(REVIEW)
    assert review_slugs(response) == []
    assert "Nothing is due for review." in response.content.decode()


@pytest.mark.parametrize("persona", ["leader", "administrator"])
@time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC))
def test_leaders_see_the_whole_municipality_and_filter_by_unit(request, client_for, persona, review_set, barnevern,
                                                               stranger, other_municipality):
    Service.objects.create(municipality=other_municipality, name="Fremmed", slug="fremmed",
                           area=Area.objects.get(code="byggesak"), step=1, handling="answer")
    client = client_for(request.getfixturevalue(persona))
    assert review_slugs(client.get(REVIEW)) == ["aldri", "gammel", "lederens"]
    assert review_slugs(client.get(REVIEW, {"owner_unit": barnevern.pk})) == ["lederens"]


@time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC))
def test_a_bad_unit_filter_shows_everything_with_an_error(client_for, leader, review_set):
    response = client_for(leader).get(REVIEW, {"owner_unit": "9999"})
    assert "owner_unit" in response.context["form"].errors
    assert review_slugs(response) == ["aldri", "gammel", "lederens"]


@time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC))
def test_a_reviewed_service_leaves_the_list(client_for, clerk, review_set):
    client = client_for(clerk)
    client.post(reviewed(review_set["never"]), {"next": REVIEW})
    assert review_slugs(client.get(REVIEW)) == ["gammel"]


def test_the_review_list_takes_a_fixed_number_of_queries(client_for, leader, clerk, municipality, byggesak):
    client = client_for(leader)
    area = Area.objects.get(code="byggesak")

    def add(number):
        Service.objects.create(municipality=municipality, name=f"Tjeneste {number}", slug=f"t-{number}", area=area,
                               step=1, handling="answer", owner_unit=byggesak,
                               content_owner=clerk if number % 2 else leader)

    add(0)
    with CaptureQueriesContext(connection) as few:
        client.get(REVIEW)
    for number in range(1, 21):
        add(number)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(REVIEW).context["services"]) == 21
    assert len(many.captured_queries) == len(few.captured_queries)


# Articles


def test_staff_read_phone_scripts(english, client_for, caseworker, phone_script, service_barnevern):
    body = client_for(caseworker).get(reverse("catalogue:article-detail", args=[phone_script.slug])).content.decode()
    assert "Ikke noter navn." in body
    assert "Staff only" in body
    assert detail(service_barnevern) in body


def test_an_inactive_or_foreign_article_is_not_found(client_for, clerk, stranger, phone_script):
    url = reverse("catalogue:article-detail", args=[phone_script.slug])
    assert client_for(stranger).get(url).status_code == 404
    Article.objects.filter(pk=phone_script.pk).update(active=False)
    assert client_for(clerk).get(url).status_code == 404


# The menu


def test_the_menu_leads_to_the_catalogue(client_for, clerk):
    body = client_for(clerk).get(LIST).content.decode()
    assert f'href="{LIST}" aria-current="page"' in body
    assert f'href="{REVIEW}"' in body
