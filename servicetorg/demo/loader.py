"""The demo: Sandefjord with its three service centres, its units, a starter catalogue, one account
per role and two years of synthetic history, put together from each app's own demo data in the
order the layers allow (this app is the top layer: it may import every app, and no app imports it).

The demo accounts and their passwords live here and only here; `manage.py demo_logins` prints them.
"""

import datetime as dt
import time
from dataclasses import dataclass
from typing import NamedTuple

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from servicetorg.accounts.models import Role, User
from servicetorg.analytics.demo import analytics_demo_load
from servicetorg.bookings.demo import bookings_demo_load
from servicetorg.catalogue.demo import catalogue_demo_load
from servicetorg.catalogue.models import Service
from servicetorg.conversations.demo import conversations_demo_load
from servicetorg.forwarding.demo import forwarding_demo_load
from servicetorg.inquiries.generator import inquiries_generate
from servicetorg.organisation.demo import directory_demo_load, organisation_demo_load
from servicetorg.organisation.models import Municipality
from servicetorg.queues.demo import queues_demo_load
from servicetorg.staffing.demo import staffing_demo_load
from servicetorg.transfers.demo import transfers_demo_load

MUNICIPALITY = {"number": "3907", "name": "Sandefjord", "slug": "sandefjord"}
DEMO_URL = "http://127.0.0.1:8000"
HISTORY_DAYS = 730
HISTORY_PER_DAY = 150
HISTORY_SEED = 3907
_KOMMUNE = "sandefjord.kommune.no"
# The demo caseworker owns Byggesak's texts, so "due for review" has something to show.
CONTENT_OWNERS = {"byggesak": "saksbehandler"}


class DemoUser(NamedTuple):
    username: str
    password: str
    role: str
    first_name: str
    last_name: str
    sites: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    is_staff: bool = False
    note: str = ""


# Demo accounts only: printed by `manage.py demo_logins`, never used outside the demo.
DEMO_USERS = [
    DemoUser("frontline", "demo-frontline-2026", Role.FRONTLINE, "Frida", "Andersen", sites=("sandefjord",),
             note="Servicetorget, Sandefjord"),
    DemoUser("frontline2", "demo-frontline2-2026", Role.FRONTLINE, "Jonas", "Berg", sites=("stokke", "andebu"),
             note="Servicetorget, Stokke og Andebu"),
    DemoUser("leder", "demo-leder-2026", Role.LEADER, "Lise", "Hansen",
             sites=("sandefjord", "stokke", "andebu"), note="Leder for servicetorgene"),
    DemoUser("saksbehandler", "demo-saksbehandler-2026", Role.CASEWORKER, "Per", "Olsen", units=("byggesak",),
             note="Byggesak"),
    DemoUser("okonomileder", "demo-okonomileder-2026", Role.CASEWORKER, "Per Erik", "Garli", units=("okonomi",),
             note="Leder for Økonomienheten: fører enhetens oppgaveregister"),
    DemoUser("admin", "demo-admin-2026", Role.ADMIN, "Astrid", "Nilsen", is_staff=True,
             note="Administrator"),
]

# The demo administrator manages these apps' records in the Django admin.
ADMIN_APPS = ("organisation", "catalogue", "inquiries", "accounts", "forwarding", "transfers", "bookings", "queues")


@dataclass
class DemoResult:
    created: bool
    municipality: Municipality
    sites: int = 0
    units: int = 0
    services: int = 0
    users: int = 0
    exceptions: int = 0
    inquiries: int = 0
    history_seconds: float = 0.0


def demo_load(
    *, history_days: int = HISTORY_DAYS, per_day: float = HISTORY_PER_DAY, seed: int | None = HISTORY_SEED,
) -> DemoResult:
    """Build the demo municipality once. When it already exists, change nothing.

    The whole demo, history included, is one transaction: a failed run leaves
    nothing behind, so the next `make run` tries again from scratch.
    """
    existing = Municipality.objects.filter(slug=MUNICIPALITY["slug"]).first()
    if existing is not None:
        return DemoResult(created=False, municipality=existing)

    today = timezone.localdate()
    first_day = today - dt.timedelta(days=history_days)
    years = range(min(first_day.year, today.year), today.year + 2)

    with transaction.atomic():
        municipality = Municipality.objects.create(**MUNICIPALITY)
        result = DemoResult(created=True, municipality=municipality)

        sites, units, result.exceptions = organisation_demo_load(municipality=municipality, years=years)
        result.sites, result.units = len(sites), len(units)

        admin_permissions = list(Permission.objects.filter(content_type__app_label__in=ADMIN_APPS))
        # The audit log the README points to is read-only: viewing is all the administrator needs.
        admin_permissions += list(Permission.objects.filter(content_type__app_label="core",
                                                            codename="view_auditevent"))
        for demo in DEMO_USERS:
            user = User.objects.create_user(
                username=demo.username, password=demo.password, role=demo.role, municipality=municipality,
                first_name=demo.first_name, last_name=demo.last_name, is_staff=demo.is_staff,
                email=f"{demo.username}@demo.{_KOMMUNE}",
            )
            user.sites.set([sites[slug] for slug in demo.sites])
            user.units.set([units[slug] for slug in demo.units])
            if demo.role == Role.ADMIN:
                user.user_permissions.set(admin_permissions)
        result.users = len(DEMO_USERS)

        result.services = catalogue_demo_load(municipality=municipality)
        for unit_slug, username in CONTENT_OWNERS.items():
            Service.objects.filter(municipality=municipality, owner_unit__slug=unit_slug).update(
                content_owner=User.objects.get(username=username)
            )
        directory_demo_load(municipality=municipality, sites=sites, units=units)
        transfers_demo_load(municipality=municipality, sites=sites, units=units)
        bookings_demo_load(municipality=municipality)

        if history_days > 0 and per_day > 0:
            started = time.perf_counter()
            result.inquiries = inquiries_generate(
                municipality=municipality, start=first_day, end=today - dt.timedelta(days=1),
                per_day=per_day, seed=seed,
            )
            result.history_seconds = time.perf_counter() - started
        forwarding_demo_load(municipality=municipality)
        analytics_demo_load(municipality=municipality)  # analytics: survey answers, then the rollups
        staffing_demo_load(municipality=municipality)  # staffing: weekly plans for the sites
        queues_demo_load(municipality=municipality)  # queues: errands, counters, eight weeks of waits
        conversations_demo_load(municipality=municipality)  # conversations: the inbox's queue, addresses, messages
    return result
