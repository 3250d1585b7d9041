"""Shared test fixtures: a small municipality and the personas that cover the
permission matrix — a frontline clerk, the centre's leader, a caseworker of
another unit (who must be denied the centre's work), and an administrator."""

import socket

import pytest
from hypothesis import settings as hypothesis_settings

from servicetorg.accounts.models import Role, User
from servicetorg.catalogue.models import Area, Handling, Service
from servicetorg.organisation.models import Municipality, Site, Unit, UnitKind

PASSWORD = "correct-horse-battery-staple"

# Tests never assert wall-clock times, so property tests have no per-example deadline either:
# a loaded CI machine must not fail a rule that holds.
hypothesis_settings.register_profile("servicetorg", deadline=None)
hypothesis_settings.load_profile("servicetorg")


def pytest_configure(config):
    """Personas and the demo hash their passwords thousands of times a run: a fast
    hasher for the tests (production keeps Django's default)."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_network(request, monkeypatch):
    """Tests never reach outside the machine; browser tests talk only to the live server on loopback."""
    if request.node.get_closest_marker("e2e"):
        return
    real_connect = socket.socket.connect

    def guarded(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (host in ("localhost", "::1") or host.startswith("127.") or "/" in host):
            raise RuntimeError(f"network access blocked in tests: {address!r}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def _tasks_and_messages_in_process(settings):
    """Tasks run at once (on commit) and SMS land in a list, as e-mail lands in
    `mail.outbox`. The Redis tests choose their backend themselves."""
    from servicetorg.notifications import sms

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SMS_PROVIDER = "locmem"
    sms.outbox.clear()


@pytest.fixture
def municipality(db):
    return Municipality.objects.create(number="3907", name="Sandefjord", slug="sandefjord")


@pytest.fixture
def other_municipality(db):
    return Municipality.objects.create(number="5037", name="Levanger", slug="levanger")


@pytest.fixture
def site(municipality):
    return Site.objects.create(municipality=municipality, name="Sandefjord servicetorg", slug="sandefjord",
                               library="Sandefjord bibliotek")


@pytest.fixture
def other_site(municipality):
    return Site.objects.create(municipality=municipality, name="Stokke servicetorg", slug="stokke",
                               library="Stokke bibliotek")


@pytest.fixture
def byggesak(municipality):
    return Unit.objects.create(municipality=municipality, name="Byggesak", slug="byggesak")


@pytest.fixture
def barnevern(municipality):
    return Unit.objects.create(municipality=municipality, name="Barneverntjenesten", slug="barnevern", sensitive=True)


@pytest.fixture
def nav(municipality):
    return Unit.objects.create(municipality=municipality, name="NAV Sandefjord", slug="nav", kind=UnitKind.EXTERNAL)


def indexed(*objs):
    """Fixtures write services and articles with the ORM, around the catalogue services (which index
    what they write; a search never writes): index them as the services would. Returns the first."""
    from servicetorg.catalogue import search
    from servicetorg.catalogue.models import Article

    search.index_services(service_ids=[o.pk for o in objs if isinstance(o, Service)])
    search.index_articles(article_ids=[o.pk for o in objs if isinstance(o, Article)])
    return objs[0]


@pytest.fixture
def service_renovasjon(municipality):
    return indexed(Service.objects.create(
        municipality=municipality, name="Tømming av avfallsbeholdere", slug="tomming-avfall",
        area=Area.objects.get(code="renovasjon"), step=1, handling=Handling.ANSWER,
        keywords="søppel, bos, dunk, tømming, henting",
    ))


@pytest.fixture
def service_byggesak(municipality, byggesak):
    return indexed(Service.objects.create(
        municipality=municipality, name="Søknad om byggetillatelse", slug="byggetillatelse",
        area=Area.objects.get(code="byggesak"), step=2, handling=Handling.GUIDE, owner_unit=byggesak,
        keywords="byggesøknad, garasje, tilbygg, terrasse",
    ))


@pytest.fixture
def service_barnevern(municipality, barnevern):
    return indexed(Service.objects.create(
        municipality=municipality, name="Bekymringsmelding til barnevernet", slug="bekymringsmelding",
        area=Area.objects.get(code="barnevern"), step=4, handling=Handling.FORWARD, owner_unit=barnevern,
        forward_to=barnevern, keywords="bekymring, barnevern",
    ))


def _user(username, role, municipality, *, sites=(), units=(), **extra):
    user = User.objects.create_user(
        username=username, password=PASSWORD, role=role, municipality=municipality,
        first_name=username.capitalize(), **extra,
    )
    user.sites.set(sites)
    user.units.set(units)
    return user


@pytest.fixture
def clerk(municipality, site):
    """Frontline staff (servicemedarbeider) at the Sandefjord service centre."""
    return _user("clerk", Role.FRONTLINE, municipality, sites=[site])


@pytest.fixture
def leader(municipality, site, other_site):
    """The service centre's leader, across all sites."""
    return _user("leader", Role.LEADER, municipality, sites=[site, other_site])


@pytest.fixture
def caseworker(municipality, byggesak):
    """A caseworker in Byggesak: sees only what concerns Byggesak, never the centre's log."""
    return _user("caseworker", Role.CASEWORKER, municipality, units=[byggesak])


@pytest.fixture
def administrator(municipality):
    return _user("admin", Role.ADMIN, municipality, is_staff=True)


@pytest.fixture
def client_for(client):
    """Log `client` in as a persona: client_for(clerk)."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker):
    """The demo municipality (no history), built once for a test module and rolled back after it.

    Each test runs in a savepoint inside this module's transaction (as Django's TestCase does with
    setUpTestData), so a test that changes the demo leaves the next one a clean demo."""
    from django.db import transaction

    from servicetorg.demo.loader import demo_load

    with django_db_blocker.unblock(), transaction.atomic():
        yield demo_load(history_days=0).municipality
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit and SMS-cap counters live in the (per-process) cache: each test starts
    with none, so one test's requests never count against another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
