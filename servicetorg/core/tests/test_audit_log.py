"""The audit log administrators and leaders use: their municipality's events only,
filtered and exported; sign-ins, failed sign-ins, role changes and reads of
private renters' names are in it."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from conftest import PASSWORD
from servicetorg.accounts.models import Role, User
from servicetorg.bookings.models import PriceCategory, RentalRequest, RentalStatus, Resource, ResourceBooking
from servicetorg.core.audit import audit_mfa_change, audit_record
from servicetorg.core.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db
URL = "/audit/"


@pytest.fixture
def foreign_event(other_municipality):
    stranger = User.objects.create_user(username="stranger", password=PASSWORD, municipality=other_municipality)
    return audit_record(actor=stranger, action=AuditAction.VIEW_PERSONAL_DATA, obj=other_municipality,
                        detail="Levanger secret")


def test_leaders_and_administrators_read_their_municipalitys_log(client_for, leader, administrator, clerk,
                                                                 caseworker, site, foreign_event):
    audit_record(actor=clerk, action=AuditAction.VIEW_PERSONAL_DATA, obj=site, detail="Sandefjord read")
    for user in (leader, administrator):
        response = client_for(user).get(URL)
        assert response.status_code == 200
        assert b"Sandefjord read" in response.content
        assert b"Levanger secret" not in response.content
    for user in (clerk, caseworker):
        assert client_for(user).get(URL).status_code == 403


def test_it_filters_by_person_object_action_and_period(client_for, leader, clerk, site, other_site):
    audit_record(actor=clerk, action=AuditAction.VIEW_PERSONAL_DATA, obj=site, detail="first")
    audit_record(actor=leader, action=AuditAction.FORWARD_INQUIRY, obj=other_site, detail="second")
    client = client_for(leader)

    def shown(**query):
        page = client.get(URL, query).context["page"]
        return sorted(event.detail for event in page)

    assert "first" in shown(person="clerk") and "second" not in shown(person="clerk")
    assert shown(object_ref=str(other_site.pk), object_type="organisation.site") == ["second"]
    assert "second" not in shown(action=AuditAction.VIEW_PERSONAL_DATA)
    today = timezone.localdate()
    assert shown(start=today + dt.timedelta(days=1)) == []
    assert "first" in shown(start=today, end=today)
    response = client.get(URL, {"start": today, "end": today - dt.timedelta(days=1)})
    assert response.status_code == 200 and response.context["form"].errors


def test_it_exports_csv_and_xlsx_and_records_the_export(client_for, leader, clerk, site, foreign_event):
    audit_record(actor=clerk, action=AuditAction.VIEW_PERSONAL_DATA, obj=site, detail="Sandefjord read")
    client = client_for(leader)
    response = client.get(reverse("audit:export"), {"format": "csv", "person": "clerk"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2 and rows[1][1] == "clerk" and rows[1][5] == "Sandefjord read"
    response = client.get(reverse("audit:export"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "Sandefjord read" in values and "Levanger secret" not in values
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT_AUDIT_LOG, actor=leader).count() == 2


def test_sign_ins_and_failed_sign_ins_are_recorded(client, clerk):
    client.post(reverse("accounts:login"), {"username": "clerk", "password": "wrong-password-here"})
    failed = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert failed.municipality_id == clerk.municipality_id and "clerk" in failed.detail
    assert "wrong-password" not in failed.detail
    client.post(reverse("accounts:login"), {"username": "clerk", "password": PASSWORD})
    login = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert login.actor == clerk and login.object_id == str(clerk.pk)


def test_role_and_privilege_changes_are_recorded(client_for, administrator, clerk):
    administrator.user_permissions.set(Permission.objects.filter(content_type__app_label="accounts"))
    client = client_for(administrator)
    url = reverse("admin:accounts_user_change", args=[clerk.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({"role": Role.LEADER, "sites": [], "units": [], "serves": [], "municipality": clerk.municipality_id})
    joined = timezone.localtime(clerk.date_joined)
    data.update({"date_joined_0": joined.date().isoformat(), "date_joined_1": joined.strftime("%H:%M:%S"),
                 "last_login_0": "", "last_login_1": ""})
    data = {key: value for key, value in data.items() if key not in ("date_joined", "last_login", "password")}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(action=AuditAction.ROLE_CHANGE)
    assert event.actor == administrator and "role: frontline -> leader" in event.detail


def test_the_mfa_hook_records_a_change(clerk):
    audit_mfa_change(user=clerk, change="totp added")
    event = AuditEvent.objects.get(action=AuditAction.CHANGE_MFA)
    assert event.object_id == str(clerk.pk) and event.detail == "totp added"


@pytest.fixture
def private_rental(municipality, site):
    resource = Resource.objects.create(municipality=municipality, site=site, name="Møterom 1", slug="moterom-1",
                                       kind="meeting_room", capacity=10, feed_token="x" * 20)
    today = timezone.localdate()
    rental = RentalRequest.objects.create(
        municipality=municipality, resource=resource, customer_name="Kari Nordmann", category=PriceCategory.PRIVATE,
        first_date=today, starts=dt.time(10), ends=dt.time(12), status=RentalStatus.APPROVED,
    )
    club = RentalRequest.objects.create(
        municipality=municipality, resource=resource, customer_name="Sandar IL", category=PriceCategory.ASSOCIATION,
        first_date=today, starts=dt.time(13), ends=dt.time(14), status=RentalStatus.APPROVED,
    )
    tz = timezone.get_current_timezone()
    for request_ in (rental, club):
        ResourceBooking.objects.create(
            municipality=municipality, resource=resource, request=request_,
            starts_at=dt.datetime.combine(today, request_.starts, tzinfo=tz),
            ends_at=dt.datetime.combine(today, request_.ends, tzinfo=tz),
        )
    return rental


def _reads(rental):
    return AuditEvent.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA, object_type="bookings.rentalrequest",
                                     object_id=str(rental.pk))


@pytest.mark.parametrize("page", ["rental-list", "site-calendar", "invoice-export"])
def test_a_private_renters_name_on_a_staff_page_is_an_audited_read(client_for, leader, private_rental, page):
    client = client_for(leader)
    today = timezone.localdate()
    query = {
        "rental-list": {"status": RentalStatus.APPROVED},
        "site-calendar": {"date": today.isoformat()},
        "invoice-export": {"start": today.isoformat(), "end": today.isoformat(), "format": "csv"},
    }[page]
    response = client.get(reverse(f"bookings:{page}"), query)
    assert response.status_code == 200
    assert "Kari Nordmann" in response.content.decode("utf-8-sig")
    assert _reads(private_rental).count() == 1
    # An association's name is not personal data: no event for it.
    assert AuditEvent.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA).count() == 1


def test_the_season_page_audits_private_renters(client_for, leader, private_rental, municipality):
    from servicetorg.bookings.models import Season

    today = timezone.localdate()
    season = Season.objects.create(municipality=municipality, name="Vinter", starts=today,
                                   ends=today + dt.timedelta(days=30), requests_until=today)
    RentalRequest.objects.filter(pk=private_rental.pk).update(season=season)
    response = client_for(leader).get(reverse("bookings:season-detail", args=[season.pk]))
    assert b"Kari Nordmann" in response.content
    assert _reads(private_rental).count() == 1


def test_the_demo_administrator_reads_the_audit_log_the_readme_points_to(client):
    from servicetorg.demo.loader import demo_load

    demo_load(history_days=0)
    from django.http import HttpRequest

    # django-axes checks every password sign-in against its lockout and needs the request.
    assert client.login(request=HttpRequest(), username="admin", password="demo-admin-2026")
    assert client.get(reverse("admin:core_auditevent_changelist")).status_code == 200
    assert client.get(URL).status_code == 200
