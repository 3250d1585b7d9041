"""Demo data for appointments and rentals in Sandefjord: appointment types and
caseworkers' availability for Byggesak and Tildelingskontoret, rooms, a video
room and sports halls at the three sites, a few appointments and a season of
club requests (some approved, some in conflict).

Names of clubs, rooms and people are demo *content*, not interface text. Records
are written directly, not through the services: the demo sends no messages.
"""

import datetime as dt
import hashlib
import secrets
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from servicetorg.accounts.models import Role
from servicetorg.bookings.availability import local
from servicetorg.bookings.models import (
    Appointment,
    AppointmentType,
    AvailabilityRule,
    Mode,
    PriceCategory,
    PriceRule,
    RentalRequest,
    RentalStatus,
    Resource,
    ResourceBooking,
    ResourceKind,
    ResourceOpeningHours,
    Season,
)
from servicetorg.bookings.rental_services import rental_occurrences
from servicetorg.organisation.models import Municipality, Site, Unit

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)

TYPES = [
    ("byggesak", "forhandskonferanse", "Byggesak — forhåndskonferanse", 45,
     "Et møte før du søker, om tiltaket ditt og hva søknaden må inneholde. Ta med skisser."),
    ("byggesak", "byggesak-veiledning", "Byggesak — veiledning om søknad", 30,
     "Hjelp til å forstå hva som krever søknad, og hvordan du søker i eByggesak."),
    ("tildelingskontoret", "tildeling-samtale", "Tildelingskontoret — samtale om helse- og omsorgstjenester", 60,
     "En samtale om hjemmetjenester, praktisk bistand eller plass i institusjon."),
]

# (username, first, last, unit, [(weekday, mode, site slug, starts, ends)])
CASEWORKERS = [
    ("saksbehandler", "Per", "Olsen", "byggesak",
     [(MON, Mode.SITE, "sandefjord", "09:00", "14:15"), (WED, Mode.SITE, "sandefjord", "09:00", "14:15"),
      (THU, Mode.VIDEO, None, "14:00", "17:00")]),
    ("byggesak2", "Kari", "Nordby", "byggesak",
     [(TUE, Mode.SITE, "stokke", "10:00", "14:30"), (THU, Mode.SITE, "andebu", "10:00", "12:00"),
      (FRI, Mode.VIDEO, None, "09:00", "12:00")]),
    ("tildeling1", "Nina", "Haugen", "tildelingskontoret",
     [(TUE, Mode.SITE, "sandefjord", "09:00", "15:00"), (THU, Mode.SITE, "sandefjord", "09:00", "15:00")]),
]

# (site, slug, name, kind, capacity, equipment, accessibility, hours, prices)
_EVENING = {d: [("16:00", "22:30")] for d in (MON, TUE, WED, THU, FRI)} | {SAT: [("09:00", "20:00")],
                                                                           SUN: [("10:00", "20:00")]}
_OFFICE = {d: [("08:00", "20:00")] for d in (MON, TUE, WED, THU, FRI)}
RESOURCES = [
    ("sandefjord", "kilden", "Møterom Kilden", ResourceKind.MEETING_ROOM, 12, "Skjerm, whiteboard, kaffetrakter",
     "Trinnfri adkomst, teleslynge", _OFFICE,
     {PriceCategory.ASSOCIATION: "150", PriceCategory.PRIVATE: "250", PriceCategory.COMMERCIAL: "450"}),
    ("sandefjord", "videorom-1", "Videorom 1", ResourceKind.VIDEO_ROOM, 4, "Kamera, mikrofon, 65-tommers skjerm",
     "Trinnfri adkomst, høydejusterbart bord", _OFFICE, {PriceCategory.ASSOCIATION: "0", PriceCategory.PRIVATE: "0",
                                                           PriceCategory.COMMERCIAL: "200"}),
    ("sandefjord", "bibliotekssalen", "Bibliotekssalen", ResourceKind.HALL, 80, "Scene, lyd, projektor",
     "Trinnfri adkomst, HC-toalett, teleslynge", _OFFICE | {SAT: [("10:00", "16:00")]},
     {PriceCategory.ASSOCIATION: "300", PriceCategory.PRIVATE: "500", PriceCategory.COMMERCIAL: "900"}),
    ("stokke", "stokkehallen", "Stokkehallen", ResourceKind.SPORTS_HALL, 300, "Håndballmål, basketkurver, tribune",
     "Heis til tribunen, HC-garderobe", _EVENING,
     {PriceCategory.ASSOCIATION: "350", PriceCategory.PRIVATE: "600", PriceCategory.COMMERCIAL: "1200"}),
    ("stokke", "moterom-stokke", "Møterom Stokke", ResourceKind.MEETING_ROOM, 8, "Skjerm", "Trinnfri adkomst",
     _OFFICE, {PriceCategory.ASSOCIATION: "100", PriceCategory.PRIVATE: "200", PriceCategory.COMMERCIAL: "350"}),
    ("andebu", "andebuhallen", "Andebuhallen", ResourceKind.SPORTS_HALL, 150, "Håndballmål, volleyballnett",
     "HC-garderobe", _EVENING,
     {PriceCategory.ASSOCIATION: "300", PriceCategory.PRIVATE: "500", PriceCategory.COMMERCIAL: "1000"}),
    ("andebu", "andebu-kunstgress", "Andebu kunstgressbane", ResourceKind.PITCH, 200, "Lys, 11er- og 7er-mål",
     "Grusvei fra parkering", _EVENING,
     {PriceCategory.ASSOCIATION: "250", PriceCategory.PRIVATE: "400", PriceCategory.COMMERCIAL: "800"}),
]

# (resource, customer, orgnr, category, weekday, starts, ends, status, contact)
SEASON_REQUESTS = [
    ("stokkehallen", "Stokke IL Håndball", "998877660", PriceCategory.ASSOCIATION, TUE, "18:00", "20:00",
     RentalStatus.APPROVED, "Ingrid Lunde"),
    ("stokkehallen", "Stokke IL Håndball J14", "998877660", PriceCategory.YOUTH, THU, "17:00", "18:30",
     RentalStatus.APPROVED, "Ingrid Lunde"),
    ("stokkehallen", "Sandefjord Basketball", "974123452", PriceCategory.ASSOCIATION, TUE, "19:00", "21:00",
     RentalStatus.REQUESTED, "Ola Berg"),
    ("stokkehallen", "Bedriftsidretten Vestfold", "987654325", PriceCategory.COMMERCIAL, WED, "20:00", "22:00",
     RentalStatus.REQUESTED, "Siri Dahl"),
    ("andebuhallen", "Andebu IL Volleyball", "991122338", PriceCategory.ASSOCIATION, MON, "18:00", "20:00",
     RentalStatus.REQUESTED, "Tor Vik"),
    ("andebuhallen", "Andebu Trimgruppe", "966554436", PriceCategory.ASSOCIATION, MON, "19:00", "20:30",
     RentalStatus.REQUESTED, "Mona Lie"),
    ("andebu-kunstgress", "Andebu IL Fotball G12", "971112220", PriceCategory.YOUTH, WED, "17:00", "18:30",
     RentalStatus.APPROVED, "Geir Moen"),
]


def _next(date: dt.date, weekday: int) -> dt.date:
    return date + dt.timedelta(days=(weekday - date.weekday()) % 7)


def bookings_demo_load(*, municipality: Municipality) -> None:
    """Called once from servicetorg.demo.loader.demo_load, inside its transaction."""
    User = get_user_model()
    today = timezone.localdate()
    sites = {s.slug: s for s in Site.objects.filter(municipality=municipality)}
    units = {u.slug: u for u in Unit.objects.filter(municipality=municipality)}

    types = {}
    for unit, slug, name, minutes, description in TYPES:
        types[slug] = AppointmentType.objects.create(municipality=municipality, unit=units[unit], slug=slug,
                                                     name=name, minutes=minutes, description=description)

    workers = {}
    for username, first, last, unit, rules in CASEWORKERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            # Not a login: a colleague whose calendar the demo fills.
            user = User.objects.create_user(username=username, password=None, role=Role.CASEWORKER,
                                            municipality=municipality, first_name=first, last_name=last)
            user.units.set([units[unit]])
        workers[username] = user
        AvailabilityRule.objects.bulk_create(
            AvailabilityRule(municipality=municipality, caseworker=user, unit=units[unit], mode=mode,
                             site=sites[site] if site else None, weekday=weekday, starts=dt.time.fromisoformat(s),
                             ends=dt.time.fromisoformat(e), valid_from=today - dt.timedelta(days=30))
            for weekday, mode, site, s, e in rules
        )

    # A few appointments the caseworkers already have.
    for offset, username, type_slug, start, mode, site, name in [
        (0, "saksbehandler", "forhandskonferanse", "09:00", Mode.SITE, "sandefjord", "Hans Jensen"),
        (0, "saksbehandler", "forhandskonferanse", "10:30", Mode.SITE, "sandefjord", "Linn Aas"),
        (2, "saksbehandler", "byggesak-veiledning", "14:00", Mode.VIDEO, None, "Erik Strand"),
        (1, "byggesak2", "forhandskonferanse", "10:00", Mode.SITE, "stokke", "Anne Bakke"),
    ]:
        weekday = next(r[0] for r in next(c for c in CASEWORKERS if c[0] == username)[4] if r[1] == mode)
        date = _next(today + dt.timedelta(days=7 * offset + 1), weekday)
        starts_at = local(date, dt.time.fromisoformat(start))
        Appointment.objects.create(
            municipality=municipality, appointment_type=types[type_slug], caseworker=workers[username], mode=mode,
            site=sites[site] if site else None, starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(minutes=types[type_slug].minutes), citizen_name=name,
            citizen_phone="+4791234567", token_hash=hashlib.sha256(secrets.token_bytes(16)).hexdigest(),
        )

    resources = {}
    for site, slug, name, kind, capacity, equipment, access, hours, prices in RESOURCES:
        resource = Resource.objects.create(
            municipality=municipality, site=sites[site], slug=slug, name=name, kind=kind, capacity=capacity,
            equipment=equipment, accessibility=access, feed_token=secrets.token_urlsafe(32),
        )
        resources[slug] = resource
        ResourceOpeningHours.objects.bulk_create(
            ResourceOpeningHours(resource=resource, weekday=weekday, opens=dt.time.fromisoformat(o),
                                 closes=dt.time.fromisoformat(c))
            for weekday, intervals in hours.items() for o, c in intervals
        )
        PriceRule.objects.bulk_create(
            PriceRule(resource=resource, category=category, per_hour=Decimal(price))
            for category, price in prices.items()
        )

    # The season began eight weeks ago, so the invoicing export has used hours to show.
    season_start = _next(today - dt.timedelta(days=56), MON)
    season = Season.objects.create(municipality=municipality, name="Innendørssesongen", starts=season_start,
                                   ends=season_start + dt.timedelta(days=7 * 30 - 1),
                                   requests_until=today + dt.timedelta(days=14))
    for slug, customer, number, category, weekday, s, e, status, contact in SEASON_REQUESTS:
        first = _next(season.starts if status == RentalStatus.APPROVED else today + dt.timedelta(days=1), weekday)
        last = first + dt.timedelta(days=7 * ((season.ends - first).days // 7))
        request = RentalRequest.objects.create(
            municipality=municipality, resource=resources[slug], season=season, customer_name=customer,
            organisation_number=number, category=category, contact_name=contact, contact_phone="+4790000000",
            purpose="Trening", first_date=first, last_date=last, starts=dt.time.fromisoformat(s),
            ends=dt.time.fromisoformat(e), status=status,
            decided_at=timezone.now() if status == RentalStatus.APPROVED else None,
        )
        if status == RentalStatus.APPROVED:
            occurrences, _skipped = rental_occurrences(resource=resources[slug], first_date=first, last_date=last,
                                                       starts=request.starts, ends=request.ends)
            ResourceBooking.objects.bulk_create(
                ResourceBooking(municipality=municipality, resource=resources[slug], request=request,
                                starts_at=a, ends_at=b)
                for a, b in occurrences
            )
    # The centre's own use of the video room.
    monday = _next(today, MON)
    ResourceBooking.objects.create(municipality=municipality, resource=resources["videorom-1"],
                                   starts_at=local(monday, dt.time(10)), ends_at=local(monday, dt.time(11)),
                                   title="Videomøte med NAV")
