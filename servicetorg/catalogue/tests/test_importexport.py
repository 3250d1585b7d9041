"""Catalogue import and export: the service, the management commands and the admin screens."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from servicetorg.catalogue.importexport import SERVICE_COLUMNS, catalogue_export, catalogue_import
from servicetorg.catalogue.models import Article, Service, ServiceVersion
from servicetorg.organisation.models import Unit


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def units(byggesak, barnevern, nav, leader):
    """The units of good_data(); its content owner is the leader."""
    return {"byggesak": byggesak, "barnevern": barnevern, "nav": nav}


def service_row(**fields):
    row = {
        "slug": "startlan", "name": "Startlån", "area": "bolig", "step": 3, "handling": "guide",
        "guidance": "Forklar hvem som kan få startlån, og hjelp med søknaden i Husbankens løsning.",
        "summary": "Lån til å kjøpe eller beholde en egnet bolig.",
    }
    return {**row, **fields}


def good_data():
    return {
        "services": [
            service_row(
                links=[{"title": "Søk startlån", "url": "https://husbanken.no/startlan"}], keywords="boliglån, lån",
                content_owner="leader", last_reviewed="2025-02-03", owner_unit="byggesak",
            ),
            service_row(
                slug="bekymringsmelding-barnevern", name="Bekymringsmelding til barnevernet", area="barnevern",
                step=4, handling="forward", forward_to="barnevern", owner_unit="barnevern", sensitive=True,
                name_nn="Uromelding til barnevernet", body="Første avsnitt.\n\nAndre avsnitt.",
            ),
        ],
        "articles": [
            {"slug": "hvem-far-startlan", "title": "Hvem får startlån?", "kind": "faq", "public": True,
             "body": "Startlån er for dem som ikke får vanlig lån i banken.", "services": ["startlan"],
             "keywords": "startlån"},
        ],
    }


def csv_text(*rows, columns=None):
    lines = [",".join(columns or ["slug", "name", "area", "step", "handling", "forward_to", "links"])]
    lines += rows
    return "\r\n".join(lines) + "\r\n"


def counts(report):
    return (report.created, report.updated, report.unchanged,
            report.articles_created, report.articles_updated, report.articles_unchanged)


def problems(report):
    return [(e.line, e.field) for e in report.errors]


# Importing -------------------------------------------------------------------


def test_it_imports_services_and_articles_from_json(municipality, units, leader):
    report = catalogue_import(municipality=municipality, data=good_data(), by=leader)

    assert report.ok, report.errors
    assert counts(report) == (2, 0, 0, 1, 0, 0)
    startlan = Service.objects.get(municipality=municipality, slug="startlan")
    assert startlan.area_id == "bolig"
    assert startlan.owner_unit == units["byggesak"]
    assert startlan.content_owner == leader
    assert startlan.last_reviewed == dt.date(2025, 2, 3)
    assert startlan.links == [{"title": "Søk startlån", "url": "https://husbanken.no/startlan"}]
    barnevern = Service.objects.get(slug="bekymringsmelding-barnevern")
    assert (barnevern.forward_to, barnevern.sensitive, barnevern.step) == (units["barnevern"], True, 4)
    version = startlan.versions.get()
    assert (version.number, version.changed_by, version.note) == (1, leader, "Imported")
    article = Article.objects.get(slug="hvem-far-startlan")
    assert list(article.services.all()) == [startlan]


def test_it_imports_services_from_csv(municipality, units):
    text = csv_text(
        'bygg,Søknad om byggetillatelse,byggesak,2,guide,,"Søk i byggesøknaden | https://dibk.no/soknad ;; '
        'Veileder | https://dibk.no/veileder"',
        "nav-sosialhjelp,Økonomisk sosialhjelp,nav-sosial,1,refer,nav,",
    )

    report = catalogue_import(municipality=municipality, csv_text=text)

    assert report.ok, report.errors
    assert report.created == 2
    bygg = Service.objects.get(slug="bygg")
    assert bygg.links == [
        {"title": "Søk i byggesøknaden", "url": "https://dibk.no/soknad"},
        {"title": "Veileder", "url": "https://dibk.no/veileder"},
    ]
    assert Service.objects.get(slug="nav-sosialhjelp").forward_to == units["nav"]


@pytest.mark.parametrize(("cell", "expected"), [("ja", True), ("nei", False), ("TRUE", True), ("0", False),
                                                 ("", False)])
def test_csv_booleans_read_norwegian_and_english(municipality, cell, expected):
    text = csv_text(f"a,Alfa,servicetorg,1,answer,{cell}", columns=["slug", "name", "area", "step", "handling",
                                                                    "sensitive"])

    report = catalogue_import(municipality=municipality, csv_text=text)

    assert report.ok, report.errors
    assert Service.objects.get(slug="a").sensitive is expected


def test_it_reads_excel_csv_with_semicolons_and_a_byte_order_mark(municipality):
    text = "\ufeffslug;name;area;step;handling\r\nbibliotek;Lånekort på biblioteket;kultur-bibliotek;1;answer\r\n"

    report = catalogue_import(municipality=municipality, csv_text=text)

    assert report.ok, report.errors
    assert Service.objects.get(slug="bibliotek").name == "Lånekort på biblioteket"


def test_an_existing_service_is_updated_field_by_field(municipality, service_byggesak, leader):
    text = csv_text("byggetillatelse,Søknad om byggetillatelse,byggesak,3,guide,,",
                    columns=["slug", "name", "area", "step", "handling", "summary", "links"])

    report = catalogue_import(municipality=municipality, csv_text=text, by=leader)

    assert counts(report) == (0, 1, 0, 0, 0, 0)
    service_byggesak.refresh_from_db()
    assert service_byggesak.step == 3
    assert service_byggesak.owner_unit is not None  # not a column of the file: left alone
    version = service_byggesak.versions.get()
    assert version.changes == {"step": [2, 3]}
    assert version.changed_by == leader


def test_a_file_that_changes_nothing_leaves_no_version(municipality, service_byggesak):
    text = csv_text("byggetillatelse,Søknad om byggetillatelse,byggesak,2,guide",
                    columns=["slug", "name", "area", "step", "handling"])

    report = catalogue_import(municipality=municipality, csv_text=text)

    assert counts(report) == (0, 0, 1, 0, 0, 0)
    assert ServiceVersion.objects.count() == 0


def test_articles_may_refer_to_existing_services(municipality, service_renovasjon):
    data = {"articles": [{"slug": "hentedag", "title": "Når hentes søppelet?", "kind": "howto",
                          "body": "Se tømmekalenderen.", "services": ["tomming-avfall"]}]}

    report = catalogue_import(municipality=municipality, data=data)

    assert counts(report) == (0, 0, 0, 1, 0, 0)
    assert list(Article.objects.get(slug="hentedag").services.all()) == [service_renovasjon]


def test_an_article_with_an_unknown_service_is_refused(municipality):
    data = {"articles": [{"slug": "x", "title": "X", "body": "X", "services": ["finnes-ikke"]}]}

    report = catalogue_import(municipality=municipality, data=data)

    assert problems(report) == [(1, "services")]
    assert "finnes-ikke" in report.errors[0].reason
    assert Article.objects.count() == 0


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_an_export_imports_again_with_everything_unchanged(municipality, units, leader, fmt):
    catalogue_import(municipality=municipality, data=good_data(), by=leader)
    versions = ServiceVersion.objects.count()

    text = catalogue_export(municipality=municipality, fmt=fmt)
    source = {"csv_text": text} if fmt == "csv" else {"json_text": text}
    report = catalogue_import(municipality=municipality, by=leader, **source)

    assert report.ok, report.errors
    assert counts(report) == ((0, 0, 2, 0, 0, 1) if fmt == "json" else (0, 0, 2, 0, 0, 0))
    assert ServiceVersion.objects.count() == versions


def test_the_export_follows_the_format(municipality, units, leader):
    catalogue_import(municipality=municipality, data=good_data(), by=leader)

    data = json.loads(catalogue_export(municipality=municipality, fmt="json"))
    header = catalogue_export(municipality=municipality, fmt="csv").splitlines()[0]

    assert header.split(",") == SERVICE_COLUMNS
    startlan = next(s for s in data["services"] if s["slug"] == "startlan")
    assert list(startlan) == SERVICE_COLUMNS
    assert (startlan["area"], startlan["owner_unit"], startlan["content_owner"], startlan["last_reviewed"]) == (
        "bolig", "byggesak", "leader", "2025-02-03")
    assert data["articles"][0]["services"] == ["startlan"]


def test_the_export_holds_only_this_municipality(municipality, other_municipality, service_renovasjon):
    text = catalogue_export(municipality=other_municipality, fmt="json")

    assert json.loads(text) == {"services": [], "articles": []}


def test_a_dry_run_writes_nothing_but_says_what_would_happen(municipality, units):
    report = catalogue_import(municipality=municipality, data=good_data(), dry_run=True)

    assert report.ok
    assert report.dry_run
    assert counts(report) == (2, 0, 0, 1, 0, 0)
    assert Service.objects.count() == 0
    assert Article.objects.count() == 0
    assert ServiceVersion.objects.count() == 0


def test_a_clerk_may_not_import(municipality, clerk):
    with pytest.raises(PermissionDenied):
        catalogue_import(municipality=municipality, data=good_data(), by=clerk)


def test_a_leader_may_not_import_into_another_municipality(other_municipality, leader):
    with pytest.raises(PermissionDenied):
        catalogue_import(municipality=other_municipality, data=good_data(), by=leader)


# Bad files -------------------------------------------------------------------

BAD_CSV = csv_text(
    "ok,Et godt navn,servicetorg,1,answer,,",                                       # line 2: good
    "ok,Samme slug,servicetorg,1,answer,,",                                         # 3: duplicate slug
    "fem,Trinn i ord,servicetorg,fem,answer,,",                                     # 4: step "fem"
    "sju,Trinn for høyt,servicetorg,7,answer,,",                                    # 5: step out of range
    "videre,Videresendes,barnevern,4,forward,,",                                    # 6: forward without target
    "ukjent,Ukjent enhet,byggesak,2,refer,plan-og-bygg,",                           # 7: unknown unit slug
    "lenke,Dårlig lenke,byggesak,2,guide,,Søknad | ikke-en-adresse",                # 8: bad URL
    "uten,Lenke uten adresse,byggesak,2,guide,,Bare en tittel",                     # 9: link without a bar
    "omrade,Ukjent område,ingenting,1,svar,,",                                      # 10: area and handling
    ",,servicetorg,1,answer,,",                                                     # 11: no name
    "x,X,servicetorg,1,answer,,,ekstra",                                            # 12: too many cells
)


def test_a_bad_file_reports_every_bad_row_and_imports_nothing(municipality, units, service_renovasjon):
    before = Service.objects.count()

    report = catalogue_import(municipality=municipality, csv_text=BAD_CSV)

    assert problems(report) == [
        (3, "slug"), (4, "step"), (5, "step"), (6, "forward_to"), (7, "forward_to"), (8, "links"),
        (9, "links"), (10, "area"), (10, "handling"), (11, "name"), (11, "slug"), (12, ""),
    ]
    reasons = {(e.line, e.field): e.reason for e in report.errors}
    assert reasons[(3, "slug")] == "The slug “ok” is already used on line 2 of this file."
    assert reasons[(4, "step")] == "The step must be a whole number from 1 to 4, not “fem”."
    assert reasons[(6, "forward_to")] == "Say where the service centre forwards or refers this."
    assert reasons[(7, "forward_to")] == "There is no unit with the slug “plan-og-bygg” in this municipality."
    assert reasons[(8, "links")] == "ikke-en-adresse is not a web address."
    assert reasons[(10, "area")] == "There is no area with the code “ingenting”."
    assert counts(report) == (0, 0, 0, 0, 0, 0)
    assert Service.objects.count() == before
    assert not Service.objects.filter(slug="ok").exists()
    assert ServiceVersion.objects.count() == 0


def test_a_bad_json_file_reports_the_lines_of_its_rows(municipality, units):
    text = json.dumps({
        "services": [
            service_row(slug="a"),
            service_row(slug="b", summary="x" * 301),
            service_row(slug="c", step="fem", sensitive="kanskje", last_reviewed="3. mars"),
        ],
        "articles": [{"slug": "art", "title": "Artikkel", "kind": "bok", "body": "Tekst", "services": ["a"]}],
    }, ensure_ascii=False, indent=2)

    report = catalogue_import(municipality=municipality, json_text=text)

    lines = text.splitlines()
    line_of = {slug: next(i for i, line in enumerate(lines, 1) if f'"slug": "{slug}"' in line) - 1
               for slug in ("b", "c", "art")}
    assert problems(report) == [
        (line_of["b"], "summary"),
        (line_of["c"], "step"), (line_of["c"], "sensitive"), (line_of["c"], "last_reviewed"),
        (line_of["art"], "kind"),
    ]
    assert lines[line_of["b"] - 1].strip() == "{"
    assert Service.objects.count() == 0
    assert Article.objects.count() == 0


def test_a_unit_of_another_municipality_is_unknown(municipality, other_municipality):
    Unit.objects.create(municipality=other_municipality, name="Barnevern Levanger", slug="barnevern")
    data = {"services": [service_row(handling="forward", forward_to="barnevern")]}

    report = catalogue_import(municipality=municipality, data=data)

    assert problems(report) == [(1, "forward_to")]


def test_a_content_owner_must_be_a_user_of_the_municipality(municipality):
    report = catalogue_import(municipality=municipality, data={"services": [service_row(content_owner="ukjent")]})

    assert problems(report) == [(1, "content_owner")]
    assert report.errors[0].reason == "There is no user “ukjent” in this municipality."


def test_wrong_types_in_json_are_reported(municipality):
    data = {"services": [service_row(name=42, links="https://example.org", step=True), "ikke et objekt"]}

    report = catalogue_import(municipality=municipality, data=data)

    assert sorted(problems(report)) == [(1, "links"), (1, "name"), (1, "step"), (2, "")]


def test_unknown_columns_and_keys_are_reported(municipality):
    text = csv_text("a,Alfa,servicetorg,1,answer,x", columns=["slug", "name", "area", "step", "handling", "farge"])
    data = {"services": [service_row(farge="blå")], "tjenester": []}

    csv_report = catalogue_import(municipality=municipality, csv_text=text)
    json_report = catalogue_import(municipality=municipality, data=data)

    assert problems(csv_report) == [(1, "farge")]
    assert csv_report.errors[0].reason == "Unknown column."
    assert sorted(problems(json_report)) == [(1, "farge"), (1, "tjenester")]
    assert Service.objects.count() == 0


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ({"csv_text": ""}, "The file is empty."),
        ({"csv_text": "\ufeff \r\n"}, "The file is empty."),
        ({"json_text": ""}, "The file is empty."),
        ({"csv_text": "byggetillatelse,Søknad om byggetillatelse,byggesak,2,guide\r\n"},
         "The first line must name the columns, such as slug, name, area, step and handling."),
        ({"csv_text": "slug,name,area,step,handling\r\n"}, "The file has no rows after the first line."),
        ({"json_text": "[1, 2]"}, "The file must be a JSON object with “services” and “articles” lists."),
        ({"json_text": "{}"}, "The file holds no services and no articles."),
        ({"json_text": '{"services": {"slug": "a"}}'}, "Must be a list."),
    ],
)
def test_files_that_cannot_be_read_are_reported(municipality, source, reason):
    report = catalogue_import(municipality=municipality, **source)

    assert [e.reason for e in report.errors] == [reason]


def test_invalid_json_reports_its_line(municipality):
    report = catalogue_import(municipality=municipality, json_text='{\n  "services": [\n    {"slug": "a",}\n  ]\n}')

    assert [(e.line, e.field) for e in report.errors] == [(3, "")]
    assert report.errors[0].reason.startswith("This is not valid JSON")


def test_a_row_error_reads_as_line_field_reason():
    from servicetorg.catalogue.importexport import RowError

    assert str(RowError(line=4, field="step", reason="Nope.")) == "line 4, field step: Nope."
    assert str(RowError(line=1, field="", reason="Empty.")) == "line 1: Empty."


# Management commands ---------------------------------------------------------


def test_the_import_command_loads_a_file(tmp_path, municipality, units):
    path = tmp_path / "katalog.json"
    path.write_text(json.dumps(good_data(), ensure_ascii=False), encoding="utf-8")
    out = StringIO()

    call_command("catalogue_import", str(path), "--municipality", "sandefjord", stdout=out)

    assert "2 created, 0 updated, 0 unchanged" in out.getvalue()
    assert Service.objects.filter(municipality=municipality).count() == 2


def test_the_import_command_lists_every_bad_row_and_exits_with_status_1(tmp_path, municipality, units):
    path = tmp_path / "katalog.csv"
    path.write_text(BAD_CSV, encoding="utf-8", newline="")
    err = StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("catalogue_import", str(path), "--municipality", "sandefjord", stderr=err)

    assert caught.value.returncode == 1
    lines = err.getvalue().splitlines()
    assert len(lines) == 12
    assert "line 4, field step: The step must be a whole number from 1 to 4, not “fem”." in lines
    assert "line 12: The row has more cells than the first line has columns." in lines
    assert Service.objects.count() == 0


def test_the_import_command_dry_run_writes_nothing(tmp_path, municipality, units):
    path = tmp_path / "katalog.json"
    path.write_text(json.dumps(good_data()), encoding="utf-8")
    out = StringIO()

    call_command("catalogue_import", str(path), "--municipality", "sandefjord", "--dry-run", stdout=out)

    assert out.getvalue().startswith("Dry run, nothing was written.")
    assert Service.objects.count() == 0


def test_the_import_command_refuses_unknown_formats_and_municipalities(tmp_path, municipality):
    path = tmp_path / "katalog.xlsx"
    path.write_bytes(b"")

    with pytest.raises(CommandError, match=r"\.json or \.csv"):
        call_command("catalogue_import", str(path), "--municipality", "sandefjord")
    with pytest.raises(CommandError, match="no municipality"):
        call_command("catalogue_import", str(tmp_path / "a.csv"), "--municipality", "oslo")


def test_the_export_command_writes_what_the_import_command_reads(tmp_path, municipality, units, leader):
    catalogue_import(municipality=municipality, data=good_data(), by=leader)
    path = tmp_path / "eksport.csv"
    exported, imported = StringIO(), StringIO()

    call_command("catalogue_export", "--municipality", "sandefjord", "--format", "csv", "-o", str(path))
    call_command("catalogue_export", "--municipality", "sandefjord", "--format", "json", stdout=exported)
    call_command("catalogue_import", str(path), "--municipality", "sandefjord", stdout=imported)

    assert path.read_text(encoding="utf-8").startswith("slug,name,name_nn")
    assert json.loads(exported.getvalue())["articles"][0]["slug"] == "hvem-far-startlan"
    assert "0 created, 0 updated, 2 unchanged" in imported.getvalue()


# Admin -----------------------------------------------------------------------


@pytest.fixture
def admin_client(client, administrator):
    """The administrator persona with the model permissions the Django admin asks for."""
    administrator.user_permissions.set(Permission.objects.filter(content_type__app_label="catalogue"))
    client.force_login(administrator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_changelist_links_to_the_import(admin_client, service_renovasjon):
    response = admin_client.get(reverse("admin:catalogue_service_changelist"))

    assert response.status_code == 200
    assert reverse("admin:catalogue_service_import") in response.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_the_admin_exports_the_selected_services(admin_client, municipality, service_renovasjon, service_byggesak,
                                                 fmt):
    response = admin_client.post(reverse("admin:catalogue_service_changelist"), {
        "action": f"export_{fmt}", "_selected_action": [service_renovasjon.pk],
    })

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="catalogue-sandefjord.{fmt}"'
    text = response.content.decode("utf-8-sig")
    assert "tomming-avfall" in text
    assert "byggetillatelse" not in text


def test_the_admin_imports_a_good_file(admin_client, municipality, units, administrator):
    upload = SimpleUploadedFile("katalog.json", json.dumps(good_data()).encode())

    response = admin_client.post(reverse("admin:catalogue_service_import"), {
        "file": upload, "municipality": municipality.pk,
    })

    assert response.status_code == 200
    assert response.context["report"].created == 2
    assert "The catalogue was imported." in response.content.decode()
    assert Service.objects.get(slug="startlan").versions.get().changed_by == administrator


def test_the_admin_shows_every_bad_row_and_imports_nothing(admin_client, municipality, units):
    upload = SimpleUploadedFile("katalog.csv", BAD_CSV.encode("cp1252"))

    response = admin_client.post(reverse("admin:catalogue_service_import"), {
        "file": upload, "municipality": municipality.pk,
    })

    page = response.content.decode()
    assert "Nothing was imported: the file has 12 problems." in page
    assert "The step must be a whole number from 1 to 4, not “fem”." in page
    assert Service.objects.count() == 0


def test_the_admin_import_dry_run_writes_nothing(admin_client, municipality, units):
    upload = SimpleUploadedFile("katalog.json", json.dumps(good_data()).encode())

    response = admin_client.post(reverse("admin:catalogue_service_import"), {
        "file": upload, "municipality": municipality.pk, "dry_run": "on",
    })

    assert response.context["report"].dry_run
    assert Service.objects.count() == 0


def test_the_admin_import_is_only_for_this_municipality(admin_client, other_municipality):
    upload = SimpleUploadedFile("katalog.json", json.dumps(good_data()).encode())

    response = admin_client.post(reverse("admin:catalogue_service_import"), {
        "file": upload, "municipality": other_municipality.pk,
    })

    assert response.context["report"] is None
    assert "municipality" in response.context["form"].errors


@pytest.mark.parametrize("persona", ["clerk", "leader", "caseworker"])
def test_the_admin_import_is_closed_to_others(request, client_for, persona):
    client = client_for(request.getfixturevalue(persona))

    response = client.get(reverse("admin:catalogue_service_import"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_admin_import_needs_the_change_permission(client_for, administrator):
    response = client_for(administrator).get(reverse("admin:catalogue_service_import"))

    assert response.status_code == 403


def admin_form(municipality, **fields):
    data = {
        "municipality": municipality.pk, "name": "Feiing og tilsyn", "name_nn": "", "name_en": "", "slug": "feiing",
        "area": "brann-feiing", "step": 1, "handling": "answer", "guidance": "", "owner_unit": "",
        "forward_to": "", "summary": "", "summary_nn": "", "summary_en": "", "body": "", "body_nn": "",
        "body_en": "", "links": "[]", "fees": "", "legal_basis": "", "keywords": "", "content_owner": "",
        "last_reviewed": "", "active": "on",
    }
    return {**data, **fields}


def test_adding_a_service_in_the_admin_records_a_version(admin_client, municipality, administrator):
    response = admin_client.post(reverse("admin:catalogue_service_add"), admin_form(municipality))

    assert response.status_code == 302, response.context["adminform"].form.errors
    version = Service.objects.get(slug="feiing").versions.get()
    assert version.number == 1
    assert version.changed_by == administrator


def test_changing_a_service_in_the_admin_records_the_changed_fields(admin_client, municipality, administrator):
    admin_client.post(reverse("admin:catalogue_service_add"), admin_form(municipality))
    service = Service.objects.get(slug="feiing")
    data = admin_form(municipality, summary="Feieren kommer hvert fjerde år.")
    del data["municipality"]

    response = admin_client.post(reverse("admin:catalogue_service_change", args=[service.pk]), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert service.versions.order_by("-number").first().changes == {
        "summary": ["", "Feieren kommer hvert fjerde år."],
    }


def test_the_admin_refuses_what_the_service_refuses(admin_client, municipality, other_municipality):
    foreign = Unit.objects.create(municipality=other_municipality, name="Brann Levanger", slug="brann")

    response = admin_client.post(reverse("admin:catalogue_service_add"), admin_form(
        municipality, owner_unit=foreign.pk, links='[{"title": "Skjema", "url": "ikke-en-adresse"}]',
    ))

    assert response.status_code == 200
    # Another municipality's unit is not even a choice (the admin's tenant boundary); the bad link
    # is then refused by the service once the unit is one of ours.
    assert set(response.context["adminform"].form.errors) == {"owner_unit"}
    own = Unit.objects.create(municipality=municipality, name="Brann", slug="brann")
    response = admin_client.post(reverse("admin:catalogue_service_add"), admin_form(
        municipality, owner_unit=own.pk, links='[{"title": "Skjema", "url": "ikke-en-adresse"}]',
    ))
    assert set(response.context["adminform"].form.errors) == {"links"}
    assert Service.objects.count() == 0


def test_service_versions_are_read_only_in_the_admin(admin_client, municipality, administrator):
    admin_client.post(reverse("admin:catalogue_service_add"), admin_form(municipality))
    version = ServiceVersion.objects.get()

    assert admin_client.get(reverse("admin:catalogue_serviceversion_change", args=[version.pk])).status_code == 200
    assert admin_client.post(reverse("admin:catalogue_serviceversion_change", args=[version.pk]),
                             {"note": "endret"}).status_code == 403
    assert admin_client.get(reverse("admin:catalogue_serviceversion_add")).status_code == 403
    assert admin_client.get(reverse("admin:catalogue_serviceversion_delete", args=[version.pk])).status_code == 403


@pytest.mark.parametrize("model", ["article", "synonym", "serviceversion"])
def test_the_other_catalogue_models_are_in_the_admin(admin_client, model):
    assert admin_client.get(reverse(f"admin:catalogue_{model}_changelist")).status_code == 200


def test_the_admin_lists_and_offers_only_its_own_municipality(admin_client, service_renovasjon, other_municipality):
    Service.objects.create(municipality=other_municipality, name="Renovasjon i Levanger", slug="renovasjon",
                           area_id="renovasjon", handling="answer")

    changelist = admin_client.get(reverse("admin:catalogue_service_changelist"))
    add = admin_client.get(reverse("admin:catalogue_service_add"))

    assert [s.slug for s in changelist.context["cl"].result_list] == ["tomming-avfall"]
    assert list(add.context["adminform"].form.fields["municipality"].queryset) == [service_renovasjon.municipality]
