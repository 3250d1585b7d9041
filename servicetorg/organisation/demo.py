"""The demo municipality's organisation: Sandefjord's three service centres in the libraries with
their opening hours (Norwegian holidays and July hours), its units and the staff directory.
`servicetorg.demo` puts the whole demo together.

Names and addresses are bokmål *content* (what a municipality would type in), not interface text,
so they are not marked for translation.
"""

import datetime as dt
import json
from pathlib import Path
from typing import NamedTuple

import holidays

from servicetorg.organisation.models import (
    Municipality,
    OpeningException,
    OpeningHours,
    Site,
    StaffContact,
    Unit,
    UnitKind,
)

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


DIRECTORY = Path(__file__).resolve().parent / "data" / "demo_directory.json"


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


def organisation_demo_load(*, municipality: Municipality, years: range) -> tuple[dict, dict, int]:
    """The sites with their hours and dated exceptions for `years`, and the units. Returns the sites
    and units by slug, and the number of opening exceptions."""
    exceptions = 0
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
        exceptions += len(created)
    units: dict[str, Unit] = {}
    for demo in UNITS:
        units[demo.slug] = Unit.objects.create(
            municipality=municipality, slug=demo.slug, name=demo.name, kind=demo.kind, email=demo.email,
            phone=demo.phone, sensitive=demo.sensitive, parent=units[demo.parent] if demo.parent else None,
        )
    return sites, units, exceptions


def directory_demo_load(*, municipality: Municipality, sites: dict, units: dict) -> None:
    """The staff directory: who to call in each unit."""
    StaffContact.objects.bulk_create(
        StaffContact(
            municipality=municipality, name=entry["name"], title=entry["title"], unit=units[entry["unit"]],
            site=sites[entry["site"]] if entry.get("site") else None, phone=entry.get("phone", ""),
            email=entry.get("email", ""), handles=entry.get("handles", ""),
        )
        for entry in json.loads(DIRECTORY.read_text("utf-8"))
    )
