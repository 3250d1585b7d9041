"""Forwarding in the demo municipality: deadline rules for the units the centre
forwards to most, and the last fortnight's forwarded inquiries in their inboxes
(Byggesak's among them, for the demo caseworker), in every status.

The citizens are invented (example.no addresses, numbers from Nkom's range for
fiction), and the messages are bokmål content, not interface text."""

import datetime as dt
import random

from django.conf import settings
from django.utils import timezone

from servicetorg.accounts.models import User
from servicetorg.forwarding.models import (
    CloseOutcome,
    DeadlineRule,
    EventKind,
    Forwarding,
    ForwardingEvent,
    Status,
)
from servicetorg.forwarding.services import deadlines_compute, reference_new
from servicetorg.inquiries.models import Inquiry, InquiryContact, Outcome
from servicetorg.organisation.models import Unit

# unit slug: (first response hours, final answer days, preliminary reply reminder days)
RULES = {
    "byggesak": (8, 15, 10),
    "dokumentsenteret": (4, 3, 2),
    "plan-geodata": (8, 15, 10),
    "kommunalteknikk": (8, 10, 5),
    "okonomi": (8, 10, 5),
    "tildelingskontoret": (4, 10, 5),
    "barnevern": (4, 5, 3),
    "ppt": (8, 10, 5),
    "boligkontoret": (8, 10, 5),
}
INBOX_UNITS = {"byggesak": 14, "dokumentsenteret": 6, "kommunalteknikk": 4, "barnevern": 2}
MESSAGES = [
    "Lurer på om en garasje på 35 kvm må byggesøkes. Ønsker svar på e-post.",
    "Nabovarsel mottatt, vil vite når fristen for merknader går ut.",
    "Spør hvor langt saken om tilbygg har kommet, sendt inn i forrige måned.",
    "Vil ha tilsendt kopi av ferdigattest for eiendommen.",
    "Spør om terrasse under 50 cm krever søknad.",
    "Trenger hjelp med hvilke tegninger som må legges ved søknaden.",
]
NAMES = ["Kari Nordmann", "Ola Hansen", "Ingrid Berg", "Ahmed Ali", "Marta Nowak", "Per Lie", "Sara Johansen"]
# Phone numbers set aside for fiction and tests (Nkom): never a real subscriber.
PHONES = ["+4741000000", "+4741000001", "+4741000002", "+4741000003", "+4741000004"]


def forwarding_demo_load(*, municipality, seed: int = 5) -> int:
    """Rules and demo inboxes; returns the number of forwarded inquiries made."""
    rng = random.Random(seed)
    units = {unit.slug: unit for unit in Unit.objects.filter(municipality=municipality)}
    DeadlineRule.objects.bulk_create(
        DeadlineRule(municipality=municipality, unit=units[slug], first_response_hours=first,
                     final_answer_days=final, preliminary_reply_days=reminder)
        for slug, (first, final, reminder) in RULES.items() if slug in units
    )
    caseworkers = {
        unit_id: user for user in User.objects.filter(municipality=municipality, role="caseworker")
        for unit_id in user.units.values_list("pk", flat=True)
    }
    now = timezone.now()
    made = 0
    for slug, count in INBOX_UNITS.items():
        unit = units.get(slug)
        if unit is None:
            continue
        rule = unit.deadline_rule if hasattr(unit, "deadline_rule") else DeadlineRule(unit=unit)
        inquiries = list(
            Inquiry.objects.filter(municipality=municipality, forwarded_to=unit, outcome=Outcome.FORWARDED,
                                   received_at__gte=now - dt.timedelta(days=21), forwarding__isnull=True)
            .order_by("-received_at")[:count]
        )
        for index, inquiry in enumerate(inquiries):
            _demo_case(inquiry=inquiry, unit=unit, rule=rule, index=index, rng=rng, now=now,
                       caseworker=caseworkers.get(unit.pk))
            made += 1
    return made


def _demo_case(*, inquiry, unit, rule, index, rng, now, caseworker) -> None:
    forwarded_at = inquiry.received_at + dt.timedelta(minutes=rng.randint(1, 20))
    deadlines = deadlines_compute(rule=rule, start=forwarded_at)
    # The oldest third closed, then some waiting or claimed; the newest are new.
    status = (Status.CLOSED if index >= 9 else Status.WAITING_CITIZEN if index == 8
              else Status.CLAIMED if index >= 4 and caseworker else Status.NEW)
    forwarding = Forwarding.objects.create(
        municipality_id=inquiry.municipality_id, inquiry=inquiry, reference=reference_new(), unit=unit,
        sensitive=unit.sensitive, status=status, forwarded_at=forwarded_at, forwarded_by=inquiry.handled_by,
        claimed_by=caseworker if status != Status.NEW else None,
        first_response_at=forwarded_at + dt.timedelta(hours=3) if status in (Status.CLOSED, Status.WAITING_CITIZEN)
        else None,
        paused_at=now - dt.timedelta(days=1) if status == Status.WAITING_CITIZEN else None,
        closed_at=min(forwarded_at + dt.timedelta(days=2), now) if status == Status.CLOSED else None,
        outcome=CloseOutcome.ANSWERED if status == Status.CLOSED else "",
        **deadlines,
    )
    message = "" if unit.sensitive else rng.choice(MESSAGES)
    events = [ForwardingEvent(municipality_id=inquiry.municipality_id, forwarding=forwarding, at=forwarded_at,
                              kind=EventKind.FORWARDED, actor=inquiry.handled_by, unit=unit, message=message)]
    if status == Status.CLOSED:
        events.append(ForwardingEvent(municipality_id=inquiry.municipality_id, forwarding=forwarding,
                                      at=forwarding.closed_at, kind=EventKind.CLOSED, actor=caseworker))
    ForwardingEvent.objects.bulk_create(events)
    if index % 3 != 2:
        closed_day = timezone.localdate(forwarding.closed_at or now)
        InquiryContact.objects.create(
            municipality_id=inquiry.municipality_id, inquiry=inquiry, name=rng.choice(NAMES),
            phone=rng.choice(PHONES), email=f"innbygger{inquiry.pk}@example.no",
            delete_after=closed_day + dt.timedelta(days=settings.CONTACT_RETENTION_DAYS),
        )
