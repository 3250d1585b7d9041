"""The demo municipality: Sandefjord with its three service centres, its units,
a starter catalogue, one account per role and two years of synthetic history.

The service names, summaries and keywords are bokmål *content* (what a
municipality would type into its catalogue), not interface text, so they are
not marked for translation. The demo accounts and their passwords live here and
only here; `manage.py demo_logins` prints them.
"""

import datetime as dt
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import holidays
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from servicetorg.accounts.models import Role, User
from servicetorg.analytics.demo import analytics_demo_load
from servicetorg.bookings.demo import bookings_demo_load
from servicetorg.catalogue.importexport import catalogue_import
from servicetorg.catalogue.models import Service
from servicetorg.forwarding.demo import forwarding_demo_load
from servicetorg.inquiries.generator import inquiries_generate
from servicetorg.organisation.models import (
    Municipality,
    OpeningException,
    OpeningHours,
    Site,
    StaffContact,
    Unit,
    UnitKind,
)
from servicetorg.staffing.demo import staffing_demo_load
from servicetorg.transfers.demo import transfers_demo_load

MUNICIPALITY = {"number": "3907", "name": "Sandefjord", "slug": "sandefjord"}
DEMO_URL = "http://127.0.0.1:8000"
HISTORY_DAYS = 730
HISTORY_PER_DAY = 150
HISTORY_SEED = 3907

_MON, _TUE, _WED, _THU, _FRI = range(5)


class DemoSite(NamedTuple):
    slug: str
    name: str
    library: str
    address: str
    email: str
    # weekday -> list of (opens, closes); several intervals make a split day.
    hours: dict[int, list[tuple[str, str]]]
    # July: other hours for every day the site is normally open, or None for closed.
    summer: tuple[str, str] | None


SITES = [
    DemoSite(
        "sandefjord", "Sandefjord servicetorg", "Sandefjord bibliotek", "Kongens gate 2, 3210 Sandefjord",
        "servicetorget@sandefjord.kommune.no",
        {_MON: [("08:00", "15:30")], _TUE: [("08:00", "15:30")], _WED: [("08:00", "15:30")],
         _THU: [("08:00", "18:00")], _FRI: [("08:00", "15:30")]},
        ("09:00", "14:00"),
    ),
    DemoSite(
        "stokke", "Stokke servicetorg", "Stokke bibliotek", "Kirkeveien 8, 3160 Stokke",
        "servicetorget@sandefjord.kommune.no",
        {_MON: [("10:00", "15:00")], _TUE: [("10:00", "15:00")], _WED: [("10:00", "15:00")],
         _THU: [("10:00", "15:00")], _FRI: [("10:00", "15:00")]},
        ("10:00", "14:00"),
    ),
    DemoSite(
        "andebu", "Andebu servicetorg", "Andebu bibliotek", "Kodalveien 1, 3158 Andebu",
        "servicetorget@sandefjord.kommune.no",
        # Thursday is a split day: closed at lunch, open in the evening with the library.
        {_TUE: [("10:00", "14:00")], _WED: [("10:00", "14:00")], _THU: [("10:00", "12:00"), ("14:00", "18:00")]},
        None,
    ),
]
SITE_PHONE = "33 41 60 00"


class DemoUnit(NamedTuple):
    slug: str
    name: str
    email: str
    kind: str = UnitKind.INTERNAL
    sensitive: bool = False
    parent: str | None = None
    phone: str = ""


_KOMMUNE = "sandefjord.kommune.no"
UNITS = [
    DemoUnit("servicetorget", "Servicetorget", f"servicetorget@{_KOMMUNE}", phone=SITE_PHONE),
    DemoUnit("dokumentsenteret", "Dokumentsenteret", f"postmottak@{_KOMMUNE}"),
    DemoUnit("okonomi", "Økonomienheten", f"okonomi@{_KOMMUNE}"),
    DemoUnit("kommunalteknikk", "Kommunalteknikk", f"kommunalteknikk@{_KOMMUNE}"),
    DemoUnit("byggesak", "Byggesak", f"byggesak@{_KOMMUNE}"),
    DemoUnit("plan-geodata", "Plan og geodata", f"plan@{_KOMMUNE}"),
    DemoUnit("oppvekst", "Oppvekst", f"oppvekst@{_KOMMUNE}"),
    DemoUnit("ppt", "PPT", f"ppt@{_KOMMUNE}", sensitive=True, parent="oppvekst"),
    DemoUnit("barnevern", "Barneverntjenesten", f"barnevern@{_KOMMUNE}", sensitive=True),
    DemoUnit("helse-omsorg", "Helse og omsorg", f"helse.omsorg@{_KOMMUNE}"),
    DemoUnit("tildelingskontoret", "Tildelingskontoret", f"tildelingskontoret@{_KOMMUNE}", parent="helse-omsorg"),
    DemoUnit("helsestasjonen", "Helsestasjonen", f"helsestasjonen@{_KOMMUNE}", parent="helse-omsorg"),
    DemoUnit("legevakt", "Legetjenester og legevakt", f"legetjenester@{_KOMMUNE}", parent="helse-omsorg"),
    # Health and addiction services: recorded as statistics only, like child welfare.
    DemoUnit("psykisk-helse-rus", "Psykisk helse og rus", f"psykiskhelse.rus@{_KOMMUNE}", sensitive=True,
             parent="helse-omsorg"),
    DemoUnit("flyktningetjenesten", "Flyktningetjenesten", f"flyktningetjenesten@{_KOMMUNE}"),
    DemoUnit("boligkontoret", "Boligkontoret", f"boligkontoret@{_KOMMUNE}"),
    DemoUnit("kultur", "Kultur", f"kultur@{_KOMMUNE}"),
    DemoUnit("brannvesenet", "Vestfold interkommunale brannvesen", "", phone="33 31 50 00"),
    DemoUnit("renovasjon", "Renovasjonsselskapet", "kundeservice@renovasjon.example.no"),
    DemoUnit("naering", "Næring", f"naering@{_KOMMUNE}"),
    DemoUnit("landbruk-miljo", "Landbruk og miljø", f"landbruk@{_KOMMUNE}"),
    DemoUnit("hr", "HR", f"hr@{_KOMMUNE}"),
    DemoUnit("politisk-sekretariat", "Politisk sekretariat", f"politisk.sekretariat@{_KOMMUNE}"),
    DemoUnit("kirkelig-fellesrad", "Kirkelig fellesråd", "", kind=UnitKind.EXTERNAL),
    # The DOMAIN rule: NAV inquiries keep category, channel and time, never free text.
    DemoUnit("nav", "NAV Sandefjord", "", kind=UnitKind.EXTERNAL, sensitive=True,
             phone="55 55 33 33"),
    DemoUnit("skatteetaten", "Skatteetaten", "", kind=UnitKind.EXTERNAL, phone="800 80 000"),
    DemoUnit("politiet", "Politiet", "", kind=UnitKind.EXTERNAL, phone="02800"),
    DemoUnit("statens-vegvesen", "Statens vegvesen", "", kind=UnitKind.EXTERNAL, phone="22 07 30 00"),
]


# The starter catalogue (245 services, 44 articles) and the staff directory are data
# files, loaded through the same importer a municipality uses for its own.
STARTER_CATALOGUE = Path(__file__).resolve().parent.parent / "catalogue" / "data" / "starter_catalogue.json"
DIRECTORY = Path(__file__).resolve().parent / "data" / "demo_directory.json"
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
ADMIN_APPS = ("organisation", "catalogue", "inquiries", "accounts", "forwarding", "transfers", "bookings")


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


def _time(value: str) -> dt.time:
    return dt.time.fromisoformat(value)


def _opening_exceptions(municipality: Municipality, site: Site, demo: DemoSite, years: range) -> list:
    """Public holidays closed; Christmas Eve, New Year's Eve and the Wednesday
    before Easter shorter; July on summer hours (or closed)."""
    exceptions: dict[dt.date, OpeningException] = {}

    def add(date, *, reason, opens=None, closes=None):
        intervals = demo.hours.get(date.weekday())
        if not intervals or date in exceptions:
            return
        closed = opens is None
        exceptions[date] = OpeningException(
            municipality=municipality, site=site, date=date, closed=closed, reason=reason,
            opens=None if closed else _time(opens), closes=None if closed else _time(closes),
        )

    public = holidays.country_holidays("NO", years=list(years), language="no")
    for date, name in sorted(public.items()):
        # Only weekdays: the sites are closed at weekends anyway, and some
        # versions of the calendar count every Sunday as a holiday.
        if date.weekday() < 5:
            add(date, reason=name)
    for year in years:
        for date, reason in ((dt.date(year, 12, 24), "Julaften"), (dt.date(year, 12, 31), "Nyttårsaften")):
            if date.weekday() < 5:
                first = demo.hours.get(date.weekday(), [("09:00", "12:00")])[0][0]
                add(date, reason=reason, opens=max(first, "09:00"), closes="12:00")
        # The Wednesday before Maundy Thursday: offices close at noon.
        easter_wednesday = next(
            (d for d, n in public.items() if d.year == year and n == "Skjærtorsdag"), None
        )
        if easter_wednesday:
            date = easter_wednesday - dt.timedelta(days=1)
            first = demo.hours.get(date.weekday(), [("08:00", "12:00")])[0][0]
            if first < "12:00":
                add(date, reason="Onsdag før skjærtorsdag", opens=first, closes="12:00")
        date = dt.date(year, 7, 1)
        while date.month == 7:
            if date.weekday() < 5:
                if demo.summer:
                    add(date, reason="Sommertid", opens=demo.summer[0], closes=demo.summer[1])
                else:
                    add(date, reason="Sommerstengt")
            date += dt.timedelta(days=1)
    return list(exceptions.values())


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

        sites: dict[str, Site] = {}
        for demo in SITES:
            site = Site.objects.create(
                municipality=municipality, slug=demo.slug, name=demo.name, library=demo.library,
                address=demo.address, phone=SITE_PHONE, email=demo.email,
            )
            sites[demo.slug] = site
            OpeningHours.objects.bulk_create(
                OpeningHours(municipality=municipality, site=site, weekday=weekday, opens=_time(opens),
                             closes=_time(closes))
                for weekday, intervals in demo.hours.items()
                for opens, closes in intervals
            )
            created = OpeningException.objects.bulk_create(_opening_exceptions(municipality, site, demo, years))
            result.exceptions += len(created)
        result.sites = len(sites)

        units: dict[str, Unit] = {}
        for demo in UNITS:
            units[demo.slug] = Unit.objects.create(
                municipality=municipality, slug=demo.slug, name=demo.name, kind=demo.kind, email=demo.email,
                phone=demo.phone, sensitive=demo.sensitive, parent=units[demo.parent] if demo.parent else None,
            )
        result.units = len(units)

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

        report = catalogue_import(municipality=municipality, json_text=STARTER_CATALOGUE.read_text("utf-8"),
                                  note="Demo")
        if not report.ok:
            raise ValueError(f"the starter catalogue does not import: {report.errors[:5]}")
        result.services = report.created
        for unit_slug, username in CONTENT_OWNERS.items():
            Service.objects.filter(municipality=municipality, owner_unit__slug=unit_slug).update(
                content_owner=User.objects.get(username=username)
            )
        StaffContact.objects.bulk_create(
            StaffContact(
                municipality=municipality, name=entry["name"], title=entry["title"], unit=units[entry["unit"]],
                site=sites[entry["site"]] if entry.get("site") else None, phone=entry.get("phone", ""),
                email=entry.get("email", ""), handles=entry.get("handles", ""),
            )
            for entry in json.loads(DIRECTORY.read_text("utf-8"))
        )
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
    return result
