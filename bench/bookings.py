"""Bookings at volume, on PostgreSQL: a site's week calendar with 50 resources and
a year of bookings, and the public free-slot search over 30 days for a unit with
20 caseworkers. Server time in-process with Django's test client, like bench/__main__.

    .venv/bin/python -m bench.bookings
"""

import datetime as dt
import json
import os
import random

os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/servicetorg_bench"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicetorg.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")

from bench.__main__ import RESULTS, ensure_database, measure  # noqa: E402

RESOURCES = 50
CASEWORKERS = 20
SITE_SLUG = "bench-hallene"
UNIT_SLUG = "bench-byggesak"


def prepare() -> dict:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from servicetorg.accounts.models import Role, User
    from servicetorg.bookings.availability import local
    from servicetorg.bookings.models import (
        Appointment,
        AppointmentType,
        AvailabilityRule,
        Mode,
        Resource,
        ResourceBooking,
        ResourceKind,
    )
    from servicetorg.organisation.models import Municipality, OpeningHours, Site, Unit

    call_command("migrate", verbosity=0)
    call_command("load_demo", no_history=True, verbosity=0)
    municipality = Municipality.objects.get(slug="sandefjord")
    today = timezone.localdate()
    rng = random.Random(6)

    with transaction.atomic():
        site, created = Site.objects.get_or_create(municipality=municipality, slug=SITE_SLUG,
                                                   defaults={"name": "Bench-hallene"})
        if created:
            OpeningHours.objects.bulk_create(
                OpeningHours(municipality=municipality, site=site, weekday=d, opens=dt.time(8), closes=dt.time(16))
                for d in range(5)
            )
            resources = Resource.objects.bulk_create(
                Resource(municipality=municipality, site=site, slug=f"bench-{i}", name=f"Sal {i:02d}",
                         kind=ResourceKind.SPORTS_HALL if i % 3 == 0 else ResourceKind.MEETING_ROOM, capacity=20,
                         feed_token=f"bench-resource-{i}")
                for i in range(RESOURCES)
            )
            # A year of bookings around today: most days three or four per resource, none overlapping.
            bookings = []
            for resource in resources:
                date = today - dt.timedelta(days=182)
                while date <= today + dt.timedelta(days=182):
                    for hour in rng.sample([8, 10, 12, 14, 16, 18, 20], rng.randint(2, 5)):
                        starts_at = local(date, dt.time(hour))
                        bookings.append(ResourceBooking(municipality=municipality, resource=resource,
                                                        starts_at=starts_at,
                                                        ends_at=starts_at + dt.timedelta(hours=2),
                                                        title="Trening"))
                    date += dt.timedelta(days=1)
            ResourceBooking.objects.bulk_create(bookings, batch_size=5000)

        unit, created = Unit.objects.get_or_create(municipality=municipality, slug=UNIT_SLUG,
                                                   defaults={"name": "Bench byggesak"})
        kind, _ = AppointmentType.objects.get_or_create(
            municipality=municipality, slug="bench-konferanse",
            defaults={"unit": unit, "name": "Bench — forhåndskonferanse", "minutes": 45},
        )
        if created:
            for i in range(CASEWORKERS):
                user = User.objects.create_user(username=f"bench-cw-{i}", password=None, role=Role.CASEWORKER,
                                                municipality=municipality)
                AvailabilityRule.objects.bulk_create(
                    AvailabilityRule(municipality=municipality, caseworker=user, unit=unit,
                                     mode=Mode.VIDEO if d == 4 else Mode.SITE, site=None if d == 4 else site,
                                     weekday=d, starts=dt.time(8, 30), ends=dt.time(15, 30),
                                     valid_from=today - dt.timedelta(days=365))
                    for d in range(5)
                )
                # About a third of the next month's slots already booked.
                appointments = []
                for day in range(1, 45):
                    date = today + dt.timedelta(days=day)
                    if date.weekday() > 4:
                        continue
                    for n in rng.sample(range(9), 3):
                        starts_at = local(date, dt.time(8, 30)) + dt.timedelta(minutes=45 * n)
                        appointments.append(Appointment(
                            municipality=municipality, appointment_type=kind, caseworker=user,
                            mode=Mode.VIDEO if date.weekday() == 4 else Mode.SITE,
                            site=None if date.weekday() == 4 else site, starts_at=starts_at,
                            ends_at=starts_at + dt.timedelta(minutes=45), token_hash=f"{i:04d}{day:04d}{n:056d}",
                        ))
                Appointment.objects.bulk_create(appointments)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "resources": Resource.objects.filter(site__slug=SITE_SLUG).count(),
        "resource_bookings": ResourceBooking.objects.filter(resource__site__slug=SITE_SLUG).count(),
        "caseworkers": AvailabilityRule.objects.filter(unit__slug=UNIT_SLUG).values("caseworker").distinct().count(),
        "appointments": Appointment.objects.filter(appointment_type__slug="bench-konferanse").count(),
    }


def main() -> None:
    import django

    django.setup()
    ensure_database()
    from django.db import connections

    connections.close_all()
    volumes = prepare()

    from django.test import Client
    from django.utils import timezone

    from servicetorg.accounts.models import User

    leader = Client()
    leader.force_login(User.objects.get(username="leder"))
    public = Client()
    week = timezone.localdate().isoformat()
    results = [
        measure("site week calendar", lambda: leader.get("/bookings/calendar/", {"site": SITE_SLUG, "date": week})),
        measure("site day calendar", lambda: leader.get("/bookings/calendar/", {"site": SITE_SLUG, "date": week,
                                                                                 "view": "day"})),
        measure("public week availability", lambda: public.get(f"/public/sandefjord/booking/rooms/at/{SITE_SLUG}/")),
        measure("free slots 30 days (API)", lambda: public.get(
            "/api/v1/bookings/sandefjord/bench-konferanse/slots", {"days": 30})),
        measure("free slots week page", lambda: public.get("/public/sandefjord/booking/bench-konferanse/")),
    ]
    print(f"\nVolumes: {volumes} (PostgreSQL, server time in-process)\n")
    print(f"{'scenario':<28} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for r in results:
        print(f"{r['scenario']:<28} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['max_ms']:>8}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bookings.json").write_text(json.dumps({"volumes": volumes, "results": results}, indent=2))


if __name__ == "__main__":
    main()
