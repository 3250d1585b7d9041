"""The demo municipality, built once for this module (demo_db): what it holds."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from servicetorg.accounts.models import Role, User
from servicetorg.catalogue.models import Area, Article, Handling, Service
from servicetorg.demo.loader import DEMO_USERS
from servicetorg.organisation.models import OpeningException, StaffContact, Unit


@pytest.mark.django_db
def test_the_starter_catalogue_covers_every_area_code(demo_db):
    services = Service.objects.filter(municipality__slug="sandefjord")
    assert services.count() >= 200
    for area in Area.objects.all():
        assert services.filter(area=area).count() >= 4, area.code
    assert Article.objects.filter(municipality__slug="sandefjord").count() >= 40
    assert StaffContact.objects.filter(municipality__slug="sandefjord").count() >= 30
    # Every service was imported through the catalogue services, so each has its first version.
    assert not services.filter(versions__isnull=True).exists()


@pytest.mark.django_db
def test_child_welfare_ppt_and_nav_are_sensitive_and_forwarded_or_referred(demo_db):
    services = Service.objects.filter(municipality__slug="sandefjord").select_related("forward_to", "owner_unit")
    for service in services.filter(area__in=["barnevern", "ppt"]):
        assert service.handling == Handling.FORWARD
        assert service.sensitive
    for service in services.filter(area__in=["nav-sosial", "statlig"]):
        assert service.handling == Handling.REFER
        assert service.forward_to.kind == "external"
    assert Unit.objects.get(slug="barnevern").sensitive
    assert Unit.objects.get(slug="ppt").sensitive


@pytest.mark.django_db
def test_it_creates_one_user_per_role_with_the_printed_passwords(demo_db):
    users = User.objects.filter(municipality__slug="sandefjord")
    assert {user.role for user in users} == set(Role.values)
    for demo in DEMO_USERS:
        user = users.get(username=demo.username)
        assert user.check_password(demo.password)
        assert user.first_name and user.last_name
    assert list(users.get(username="frontline").sites.values_list("slug", flat=True)) == ["sandefjord"]
    assert users.get(username="leder").sites.count() == 3
    assert list(users.get(username="saksbehandler").units.values_list("slug", flat=True)) == ["byggesak"]
    admin = users.get(username="admin")
    assert admin.is_staff
    assert admin.has_perm("catalogue.change_service")


@pytest.mark.django_db
def test_holidays_close_the_sites_but_christmas_eve_only_shortens_the_day(demo_db):
    closed = OpeningException.objects.filter(closed=True).exclude(reason="Sommerstengt")
    assert closed.exists()
    for exception in closed:
        assert exception.date.weekday() < 5
        assert (exception.date.month, exception.date.day) not in ((12, 24), (12, 31))
    christmas_eve = OpeningException.objects.filter(date__month=12, date__day=24)
    assert all(not e.closed and e.closes == dt.time(12) for e in christmas_eve)
    july = OpeningException.objects.filter(site__slug="sandefjord", date__month=7)
    assert july.exists()
    assert all(e.opens == dt.time(9) and e.closes == dt.time(14) for e in july)


@pytest.mark.django_db
def test_demo_logins_prints_every_account(demo_db):
    out = StringIO()

    call_command("demo_logins", stdout=out)

    output = out.getvalue()
    assert "http://127.0.0.1:8000" in output
    for demo in DEMO_USERS:
        assert demo.username in output
        assert demo.password in output
    assert "missing" not in output
