"""Synthetic inquiry history for demos, load tests and statistics work.

The rows follow the patterns a service centre sees: a Monday peak and quiet
weekends, a morning peak at the counter, seasonal peaks per area (school start
in August, property tax in February, snow in winter, TV-aksjonen in October),
a summer low, and a channel mix that drifts from the counter and the phone
toward digital channels. Walk-ins and phone calls arrive only while a site is
open, so public holidays and summer hours show in the data.

Speed matters (a million rows in well under two minutes), so everything that
can be is computed once: weighted tables per channel and season, time slots per
opening-hours pattern, pools of handling times. The per-row work is a few
table look-ups; rows stream to the database (COPY on PostgreSQL, executemany
in large batches on SQLite, one transaction either way), never held as model
objects.
"""

import datetime as dt
import itertools
import math
import random
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from zoneinfo import ZoneInfo

import holidays
from django.db import connection, transaction

from servicetorg.accounts.models import Role, User
from servicetorg.catalogue.models import Area, Handling, Service
from servicetorg.inquiries.models import Channel, Inquiry, Outcome
from servicetorg.organisation.models import OpeningException, OpeningHours, Site

OSLO = ZoneInfo("Europe/Oslo")
SLOT = 300  # seconds per time slot of a day
MAX_HANDLING_SECONDS = 3600


def _hours(weights: dict[int, float], default: float = 0.0) -> tuple[float, ...]:
    return tuple(weights.get(hour, default) for hour in range(24))


@dataclass(frozen=True)
class ChannelProfile:
    share: float  # share of all inquiries on REFERENCE_DATE
    growth: float  # yearly growth rate of that share (before normalising)
    staffed: bool  # answered only while the site is open (counter, switchboard, chat, video)
    weekdays: tuple[float, ...]  # Monday..Sunday; Monday..Friday average 1
    hours: tuple[float, ...]  # weight per local hour
    handling_median: int  # seconds
    handling_sigma: float


REFERENCE_DATE = dt.date(2024, 1, 1)
_STAFFED_DAYS = (1.30, 1.05, 1.0, 0.95, 0.70, 0.0, 0.0)
_WRITTEN_DAYS = (1.25, 1.05, 1.0, 0.95, 0.75, 0.22, 0.28)
_OFFICE = _hours({8: 1.0, 9: 1.2, 10: 1.2, 11: 1.1, 12: 1.0, 13: 1.05, 14: 1.0, 15: 0.9}, 0.5)
_EMAIL = (0.05, 0.03, 0.02, 0.02, 0.03, 0.08, 0.25, 0.6, 1.0, 1.2, 1.2, 1.1,
          1.0, 1.05, 1.0, 0.9, 0.75, 0.55, 0.5, 0.55, 0.6, 0.5, 0.35, 0.15)
_MOBILE = (0.1, 0.05, 0.03, 0.02, 0.02, 0.05, 0.2, 0.5, 0.8, 1.0, 1.0, 1.0,
           1.0, 1.0, 1.0, 0.95, 0.9, 0.85, 0.9, 1.0, 1.0, 0.85, 0.6, 0.3)

CHANNELS: dict[str, ChannelProfile] = {
    Channel.WALK_IN: ChannelProfile(
        0.30, -0.15, True, _STAFFED_DAYS,
        _hours({8: 0.9, 9: 1.3, 10: 1.5, 11: 1.35, 12: 1.1, 13: 1.05, 14: 0.95, 15: 0.8, 16: 0.75, 17: 0.65}, 0.5),
        300, 0.6),
    Channel.PHONE: ChannelProfile(
        0.30, -0.08, True, _STAFFED_DAYS,
        _hours({8: 1.3, 9: 1.5, 10: 1.35, 11: 1.15, 12: 0.9, 13: 1.0, 14: 0.9, 15: 0.7, 16: 0.5, 17: 0.4}, 0.4),
        180, 0.55),
    Channel.EMAIL: ChannelProfile(0.19, 0.05, False, _WRITTEN_DAYS, _EMAIL, 360, 0.7),
    Channel.SMS: ChannelProfile(0.04, 0.15, False, _WRITTEN_DAYS, _MOBILE, 100, 0.6),
    Channel.SOCIAL: ChannelProfile(0.05, 0.15, False, _WRITTEN_DAYS, _MOBILE, 150, 0.6),
    Channel.CHAT: ChannelProfile(0.04, 0.35, True, _STAFFED_DAYS, _OFFICE, 240, 0.6),
    Channel.WEB_FORM: ChannelProfile(0.055, 0.20, False, _WRITTEN_DAYS, _EMAIL, 300, 0.7),
    # Letters come with the morning post on working days.
    Channel.LETTER: ChannelProfile(
        0.015, -0.25, False, (1.3, 1.0, 1.0, 1.0, 0.7, 0.0, 0.0), _hours({8: 0.5, 9: 1.5, 10: 1.5, 11: 1.0}),
        480, 0.6),
    Channel.VIDEO: ChannelProfile(
        0.01, 0.20, True, _STAFFED_DAYS, _hours({9: 1.0, 10: 1.2, 11: 1.0, 12: 0.4, 13: 1.0, 14: 0.9}, 0.6),
        900, 0.4),
}
IN_PERSON = {Channel.WALK_IN, Channel.VIDEO}

# Relative volume of each catalogue area; an area not listed counts 1.
AREA_SHARE = {
    "servicetorg": 14, "digital-hjelp": 9, "dokumentsenter": 5, "politikk-valg": 1.5, "barnehage": 5,
    "skole-sfo": 5, "ppt": 1, "barnevern": 1.2, "helsestasjon": 2.5, "helse-omsorg": 6, "lege-legevakt": 3,
    "psykisk-helse-rus": 1.2, "nav-sosial": 6, "flyktning-integrering": 2.5, "bolig": 3.5, "byggesak": 5,
    "plan-kart-eiendom": 3.5, "skatt-gebyr-faktura": 8, "vann-avlop": 3, "renovasjon": 6,
    "vei-trafikk-parkering": 4, "brann-feiing": 1.5, "kultur-bibliotek": 4, "idrett-utleie": 4,
    "naering-bevilling": 1.2, "landbruk-miljo": 1.2, "gravferd-vigsel": 1.3, "jobb-kommunen": 1.5, "statlig": 5,
}

# Which channels people use for which area (1 when not listed).
AREA_CHANNEL_AFFINITY = {
    "digital-hjelp": {Channel.WALK_IN: 2.5, Channel.PHONE: 0.8, Channel.CHAT: 0.8, Channel.EMAIL: 0.3,
                      Channel.SMS: 0.3, Channel.SOCIAL: 0.3, Channel.WEB_FORM: 0.2, Channel.LETTER: 0.2},
    "barnevern": {Channel.PHONE: 1.6, Channel.SOCIAL: 0.2, Channel.SMS: 0.3, Channel.CHAT: 0.5},
    "statlig": {Channel.WALK_IN: 1.5, Channel.PHONE: 1.2, Channel.EMAIL: 0.6, Channel.WEB_FORM: 0.4},
    "dokumentsenter": {Channel.EMAIL: 1.5, Channel.LETTER: 2.0, Channel.WEB_FORM: 1.3, Channel.WALK_IN: 0.7},
    "skatt-gebyr-faktura": {Channel.PHONE: 1.4, Channel.EMAIL: 1.3, Channel.WALK_IN: 0.7},
    "renovasjon": {Channel.SMS: 1.5, Channel.SOCIAL: 1.3, Channel.WEB_FORM: 1.5, Channel.PHONE: 1.2,
                   Channel.WALK_IN: 0.5},
    "vei-trafikk-parkering": {Channel.SOCIAL: 1.5, Channel.WEB_FORM: 1.6, Channel.SMS: 1.3, Channel.PHONE: 1.2,
                              Channel.WALK_IN: 0.5},
    "servicetorg": {Channel.WALK_IN: 1.3, Channel.PHONE: 1.3, Channel.SOCIAL: 1.2},
    "kultur-bibliotek": {Channel.WALK_IN: 1.4, Channel.SOCIAL: 1.4},
    "idrett-utleie": {Channel.EMAIL: 1.4, Channel.WEB_FORM: 1.3},
}

# Overall volume by (month, half of month): the summer low and Christmas.
TOTAL_SEASON = {
    (1, 0): 0.95, (4, 0): 0.95, (4, 1): 0.95, (5, 0): 0.95, (5, 1): 0.95, (6, 0): 0.95, (6, 1): 0.8,
    (7, 0): 0.5, (7, 1): 0.5, (8, 0): 0.85, (8, 1): 1.05, (9, 0): 1.05, (9, 1): 1.05, (12, 0): 0.95,
    (12, 1): 0.6,
}


def _both(*months: int, factor: float) -> dict[tuple[int, int], float]:
    return {(month, half): factor for month in months for half in (0, 1)}


# Area peaks by (month, half of month); 1 when not listed.
AREA_SEASON: dict[str, dict[tuple[int, int], float]] = {
    "skole-sfo": {(8, 0): 2.5, (8, 1): 3.0, (9, 0): 1.6, (1, 1): 1.3, (2, 0): 1.3, (6, 0): 1.3},
    "barnehage": {(2, 1): 1.5, (3, 0): 1.6, (8, 0): 1.8, (8, 1): 2.2, (9, 0): 1.4},
    # Property tax bills in late January, fee invoices through the year.
    "skatt-gebyr-faktura": {(1, 1): 2.5, (2, 0): 3.0, (2, 1): 2.5, (3, 0): 1.4, (5, 1): 1.5, (8, 1): 1.4,
                            (11, 1): 1.5},
    "vei-trafikk-parkering": {**_both(12, 1, 2, factor=1.4), **_both(4, factor=1.4), (3, 0): 1.2},
    # TV-aksjonen: volunteers and collection boxes from late September to the Sunday in October.
    "kultur-bibliotek": {(9, 1): 1.3, (10, 0): 2.0, (10, 1): 1.8, **_both(7, factor=0.7)},
    "renovasjon": {(12, 1): 1.5, (1, 0): 1.6, **_both(4, factor=1.3), (5, 0): 1.2},
    "vann-avlop": {(12, 0): 1.6, (12, 1): 1.4, (1, 0): 1.3},
    "brann-feiing": {(6, 1): 1.8, (12, 1): 1.6, **_both(3, factor=1.2)},
    "idrett-utleie": {(8, 1): 1.8, (9, 0): 1.6, (5, 0): 1.3, **_both(6, factor=0.8), **_both(7, factor=0.4)},
    "jobb-kommunen": {**_both(2, 3, factor=1.6), (4, 0): 1.3},
    "byggesak": {(3, 1): 1.2, **_both(4, factor=1.4), **_both(5, factor=1.5), **_both(6, factor=1.3),
                 **_both(7, factor=0.8), (12, 1): 0.6},
    "plan-kart-eiendom": _both(4, 5, factor=1.2),
    "helsestasjon": {**_both(6, factor=1.3), **_both(8, factor=1.2)},
    "gravferd-vigsel": {**_both(5, factor=1.2), **_both(6, factor=1.4), **_both(8, factor=1.3)},
    "landbruk-miljo": {(8, 1): 1.5, (9, 0): 1.4, **_both(4, factor=1.2)},
    "naering-bevilling": {**_both(4, 5, factor=1.3), **_both(6, factor=1.2)},
    # The tax return (skattemelding) in March and April; passports before summer.
    "digital-hjelp": {**_both(3, factor=1.3), (4, 0): 1.5},
    "statlig": {**_both(3, factor=1.3), (4, 0): 1.6, **_both(5, factor=1.3), (6, 0): 1.4},
    "nav-sosial": {(12, 0): 1.3},
}
# Elections every autumn of odd years (local and national in turn).
ELECTION_SEASON = {(8, 1): 2.5, (9, 0): 4.0, (9, 1): 1.5}
SNOW_CHANCE = {12: 0.12, 1: 0.2, 2: 0.18, 3: 0.06}
SNOW_DAY = {"vei-trafikk-parkering": 4.0, "renovasjon": 1.3}

# Outcome shares by the service's frontline handling.
OUTCOMES = {
    Handling.ANSWER: {Outcome.ANSWERED: 0.84, Outcome.SELF_SERVICE: 0.05, Outcome.APPOINTMENT: 0.03,
                      Outcome.FORWARDED: 0.04, Outcome.UNRESOLVED: 0.04},
    Handling.GUIDE: {Outcome.SELF_SERVICE: 0.46, Outcome.DIGITAL_HELP: 0.28, Outcome.ANSWERED: 0.12,
                     Outcome.APPOINTMENT: 0.06, Outcome.FORWARDED: 0.05, Outcome.UNRESOLVED: 0.03},
    Handling.FORWARD: {Outcome.FORWARDED: 0.86, Outcome.ANSWERED: 0.06, Outcome.APPOINTMENT: 0.05,
                       Outcome.UNRESOLVED: 0.03},
    Handling.REFER: {Outcome.REFERRED: 0.86, Outcome.ANSWERED: 0.07, Outcome.SELF_SERVICE: 0.05,
                     Outcome.UNRESOLVED: 0.02},
}
NO_SERVICE_OUTCOMES = {Outcome.ANSWERED: 0.7, Outcome.SELF_SERVICE: 0.2, Outcome.UNRESOLVED: 0.1}
NO_SERVICE_SHARE = 0.04  # logged with an area only, when no catalogue service fits
OUTCOME_TIME = {Outcome.DIGITAL_HELP: 2.5, Outcome.APPOINTMENT: 1.4, Outcome.FORWARDED: 1.2,
                Outcome.SELF_SERVICE: 1.1, Outcome.REFERRED: 0.8, Outcome.TRANSFERRED: 0.6}
STEP_WEIGHT = {1: 1.6, 2: 1.2, 3: 0.8, 4: 0.5}
LANGUAGES = {"nb": 86, "nn": 3.5, "en": 4, "pl": 2, "uk": 1.6, "ar": 1, "so": 0.6, "ti": 0.5, "se": 0.2,
             "other": 0.6}
# Handled by a frontline clerk, the leader, or nobody recorded.
HANDLER_WEIGHT = {Role.FRONTLINE: 4, Role.LEADER: 1}
UNRECORDED_HANDLER_SHARE = 0.12

# Column order of the rows below: the per-row part first, then the part that
# comes ready-made from the service-and-outcome table.
COLUMNS = (
    "received_at", "created_at", "updated_at", "municipality_id", "channel", "site_id", "handled_by_id",
    "language", "handling_seconds",
    "service_id", "area_id", "outcome", "forwarded_to_id", "sensitive", "note",
)
# "HH:MM:SS" for every second of a day.
_CLOCK = [f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)]


def channel_shares(day: dt.date) -> dict[str, float]:
    """The channel mix on a day: walk-ins and calls fall, digital channels grow."""
    years = (day - REFERENCE_DATE).days / 365.25
    raw = {channel: p.share * math.exp(p.growth * years) for channel, p in CHANNELS.items()}
    total = sum(raw.values())
    return {channel: value / total for channel, value in raw.items()}


def _jitter(slug: str) -> float:
    """A stable 0.5–1.5 factor, so services in an area are not all equally popular."""
    return 0.5 + (zlib.crc32(slug.encode()) % 1000) / 1000


@dataclass
class _Site:
    id: int
    weight: float
    regular: dict[int, tuple[tuple[int, int], ...]]  # weekday -> intervals in seconds
    exceptions: dict[dt.date, tuple[tuple[int, int], ...]]
    handlers: list[int | None]

    def intervals(self, day: dt.date) -> tuple[tuple[int, int], ...]:
        if day in self.exceptions:
            return self.exceptions[day]
        return self.regular.get(day.weekday(), ())


def _seconds(value: dt.time) -> int:
    return value.hour * 3600 + value.minute * 60 + value.second


# Sites without opening hours in the database get office hours.
_DEFAULT_REGULAR = dict.fromkeys(range(5), ((8 * 3600, 15 * 3600 + 1800),))


def _load_sites(municipality, start: dt.date, end: dt.date, site_weights: dict[str, float] | None) -> list[_Site]:
    sites = list(Site.objects.filter(municipality=municipality, active=True).order_by("pk"))
    if not sites:
        raise ValueError(f"{municipality} has no active sites to generate inquiries for")
    regular: dict[int, dict[int, list[tuple[int, int]]]] = {site.pk: {} for site in sites}
    for row in OpeningHours.objects.filter(site__in=sites).order_by("opens"):
        regular[row.site_id].setdefault(row.weekday, []).append((_seconds(row.opens), _seconds(row.closes)))
    exceptions: dict[int, dict[dt.date, tuple[tuple[int, int], ...]]] = {site.pk: {} for site in sites}
    for row in OpeningException.objects.filter(site__in=sites, date__range=(start, end)):
        exceptions[row.site_id][row.date] = () if row.closed else ((_seconds(row.opens), _seconds(row.closes)),)

    users = list(
        User.objects.filter(municipality=municipality, is_active=True, role__in=list(HANDLER_WEIGHT))
        .prefetch_related("sites").order_by("pk")
    )
    result = []
    for site in sites:
        hours = {day: tuple(intervals) for day, intervals in regular[site.pk].items()} or _DEFAULT_REGULAR
        weekly = sum(closes - opens for intervals in hours.values() for opens, closes in intervals) / 3600
        # Clerks registered at the site, or at no site in particular.
        here = [u for u in users if not u.sites.all() or any(s.pk == site.pk for s in u.sites.all())] or users
        handlers: list[int | None] = [u.pk for u in here for _ in range(HANDLER_WEIGHT[u.role])]
        handlers += [None] * round(len(handlers) * UNRECORDED_HANDLER_SHARE / (1 - UNRECORDED_HANDLER_SHARE))
        weight = site_weights.get(site.slug, 0.0) if site_weights is not None else weekly
        result.append(_Site(site.pk, weight, hours, exceptions[site.pk], handlers or [None]))
    if sum(s.weight for s in result) <= 0:
        raise ValueError("the site weights add up to zero")
    return result


class _Catalogue:
    """Weighted (service, area, outcome, forwarded_to, sensitive) tables per channel and season."""

    def __init__(self, municipality):
        services = list(
            Service.objects.filter(municipality=municipality, active=True)
            .select_related("owner_unit", "forward_to").order_by("pk")
        )
        area_codes = list(Area.objects.values_list("code", flat=True).order_by("code"))
        total = sum(AREA_SHARE.get(code, 1.0) for code in area_codes)
        self.area_share = {code: AREA_SHARE.get(code, 1.0) / total for code in area_codes}
        by_area: dict[str, list[Service]] = {}
        for service in services:
            by_area.setdefault(service.area_id, []).append(service)
        self.by_area = by_area
        self._per_channel: dict[str, list[tuple[str, list[tuple[tuple, float, float]]]]] = {}
        self._tables: dict[tuple, tuple[list, list]] = {}

    def _outcomes(self, service: Service | None, area: str, channel: str) -> list[tuple[tuple, float, float]]:
        """(row tail, handling-time factor, probability) for one service on one channel."""
        shares = dict(OUTCOMES[service.handling] if service else NO_SERVICE_OUTCOMES)
        if channel not in IN_PERSON and Outcome.DIGITAL_HELP in shares:
            # Hands-on help with a digital service mostly happens at the counter.
            moved = shares[Outcome.DIGITAL_HELP] * 0.7
            shares[Outcome.DIGITAL_HELP] -= moved
            shares[Outcome.SELF_SERVICE] = shares.get(Outcome.SELF_SERVICE, 0) + moved
        if channel == Channel.PHONE and Outcome.FORWARDED in shares:
            # On the phone, half the hand-overs are warm transfers of the call.
            shares[Outcome.TRANSFERRED] = shares[Outcome.FORWARDED] / 2
            shares[Outcome.FORWARDED] /= 2
        entries = []
        for outcome, p in shares.items():
            target = None
            if outcome == Outcome.FORWARDED:
                target = service.forward_to or service.owner_unit if service else None
                if target is None:
                    outcome = Outcome.ANSWERED
            elif outcome == Outcome.REFERRED:
                target = service.forward_to
            # The same rule as inquiry_create: the service or the target unit makes it sensitive.
            sensitive = bool(
                (service is not None and service.is_sensitive) or (target is not None and target.sensitive)
            )
            tail = (service.pk if service else None, area, str(outcome), target.pk if target else None, sensitive, "")
            entries.append((tail, OUTCOME_TIME.get(outcome, 1.0), p))
        return entries

    def _channel(self, channel: str) -> list[tuple[str, list[tuple[tuple, float, float]]]]:
        """Per area: entries with their probability within the area (season-independent)."""
        if channel not in self._per_channel:
            per_area = []
            for area, share in self.area_share.items():
                services = self.by_area.get(area, [])
                entries = []
                sensitive_area = any(s.is_sensitive for s in services)
                no_service = 0.0 if sensitive_area else (NO_SERVICE_SHARE if services else 1.0)
                weights = [STEP_WEIGHT.get(s.step, 1.0) * _jitter(s.slug) for s in services]
                wsum = sum(weights) or 1.0
                for service, weight in zip(services, weights, strict=True):
                    p_service = (1 - no_service) * weight / wsum
                    entries += [(tail, f, p_service * p) for tail, f, p in self._outcomes(service, area, channel)]
                if no_service:
                    entries += [(tail, f, no_service * p) for tail, f, p in self._outcomes(None, area, channel)]
                affinity = AREA_CHANNEL_AFFINITY.get(area, {}).get(channel, 1.0)
                per_area.append((area, [(tail, f, p * share * affinity) for tail, f, p in entries]))
            self._per_channel[channel] = per_area
        return self._per_channel[channel]

    @staticmethod
    def area_factors(season: tuple) -> dict[str, float]:
        month, half, election, snow = season
        key = (month, half)
        factors = {area: table.get(key, 1.0) for area, table in AREA_SEASON.items()}
        if election:
            factors["politikk-valg"] = ELECTION_SEASON.get(key, 1.0)
        if snow:
            for area, factor in SNOW_DAY.items():
                factors[area] = factors.get(area, 1.0) * factor
        return factors

    def boost(self, season: tuple) -> float:
        """How much the area peaks of a season add to the day's volume."""
        factors = self.area_factors(season)
        return sum(share * factors.get(area, 1.0) for area, share in self.area_share.items())

    def table(self, channel: str, season: tuple) -> tuple[list, list]:
        key = (channel, season)
        if key not in self._tables:
            factors = self.area_factors(season)
            items, weights = [], []
            for area, entries in self._channel(channel):
                factor = factors.get(area, 1.0)
                for tail, f, w in entries:
                    if w > 0:
                        items.append((tail, f))
                        weights.append(w * factor)
            self._tables[key] = (items, list(itertools.accumulate(weights)))
        return self._tables[key]


def _slot_table(profile: ChannelProfile, intervals: tuple[tuple[int, int], ...] | None) -> tuple[list, list]:
    """Start seconds of the day's 5-minute slots and their cumulative weights."""
    starts, weights = [], []
    for start in range(0, 86400, SLOT):
        weight = profile.hours[start // 3600]
        if intervals is not None:
            inside = sum(max(0, min(start + SLOT, closes) - max(start, opens)) for opens, closes in intervals)
            weight *= inside / SLOT
        if weight > 0:
            starts.append(start)
            weights.append(weight)
    return starts, list(itertools.accumulate(weights))


def _plan(*, sites, catalogue, start, end, per_day, total, rng) -> list[tuple[dt.date, list]]:
    """How many inquiries per day, channel and site."""
    public = holidays.country_holidays("NO", years=range(start.year, end.year + 1))
    weight_total = sum(s.weight for s in sites)
    staffed_weight = {
        weekday: sum(s.weight for s in sites if s.regular.get(weekday)) or weight_total for weekday in range(7)
    }
    days = []
    entries: list[list] = []  # [day index, channel, site, season, expected]
    day, index, after_holiday = start, 0, False
    while day <= end:
        weekday = day.weekday()
        holiday = weekday < 5 and day in public
        month, half = day.month, 0 if day.day <= 15 else 1
        election = day.year % 2 == 1 and month in (8, 9)
        snow = rng.random() < SNOW_CHANCE.get(month, 0.0)
        season = (month, half, election, snow)
        base = (
            per_day * TOTAL_SEASON.get((month, half), 1.0) * catalogue.boost(season)
            * max(0.5, rng.gauss(1.0, 0.07)) * (1.2 if after_holiday and not holiday and weekday < 5 else 1.0)
        )
        for channel, share in channel_shares(day).items():
            profile = CHANNELS[channel]
            # Public holiday: closed; written channels as on a Sunday, no post.
            factor = (0.0 if profile.staffed else profile.weekdays[6]) if holiday else profile.weekdays[weekday]
            expected = base * share * factor
            if expected <= 0:
                continue
            for site in sites:
                if profile.staffed:
                    if not site.regular.get(weekday):
                        continue
                    intervals = site.intervals(day)
                    if not intervals:
                        continue  # closed by an exception: that site's share is lost
                    e = expected * site.weight / staffed_weight[weekday]
                else:
                    intervals = None
                    e = expected * site.weight / weight_total
                entries.append([index, channel, site, intervals, season, e])
        days.append(day)
        if weekday < 5:
            after_holiday = holiday
        day += dt.timedelta(days=1)
        index += 1

    if total is not None:
        # Exactly `total` rows: scale, then hand out the remainders largest first.
        expected_sum = sum(e[-1] for e in entries) or 1.0
        scaled = [e[-1] * total / expected_sum for e in entries]
        counts = [int(x) for x in scaled]
        missing = total - sum(counts)
        for i in sorted(range(len(entries)), key=lambda i: counts[i] - scaled[i])[:missing]:
            counts[i] += 1
    else:
        counts = [int(e[-1]) + (rng.random() < e[-1] - int(e[-1])) for e in entries]

    by_day: list[tuple[dt.date, list]] = [(d, []) for d in days]
    for entry, count in zip(entries, counts, strict=True):
        if count:
            by_day[entry[0]][1].append((entry[1], entry[2], entry[3], entry[4], count))
    return by_day


def _rows(*, municipality_id, plan, catalogue, rng, postgres: bool) -> Iterator[list[tuple]]:
    """The rows of each day in time order, as tuples in COLUMNS order."""
    choices, rand = rng.choices, rng.random
    languages, language_cum = list(LANGUAGES), list(itertools.accumulate(LANGUAGES.values()))
    suffix = "+00" if postgres else ""
    clock = [t + suffix for t in _CLOCK] if suffix else _CLOCK
    pools = {
        channel: [
            max(15, min(MAX_HANDLING_SECONDS, round(rng.lognormvariate(math.log(p.handling_median), p.handling_sigma))))
            for _ in range(4096)
        ]
        for channel, p in CHANNELS.items()
    }
    slot_tables: dict[tuple, tuple[list, list]] = {}
    by_ts = itemgetter(0)
    for day, work in plan:
        if not work:
            continue
        # UTC offset per local hour: correct on the two daylight-saving days too.
        offsets = [
            int(dt.datetime(day.year, day.month, day.day, hour, tzinfo=OSLO).utcoffset().total_seconds())
            for hour in range(24)
        ]
        today = f"{day.isoformat()} "
        yesterday = f"{(day - dt.timedelta(days=1)).isoformat()} "
        rows: list[tuple] = []
        append = rows.append
        for channel, site, intervals, season, count in work:
            profile = CHANNELS[channel]
            key = (channel, intervals)
            if key not in slot_tables:
                slot_tables[key] = _slot_table(profile, intervals)
            slot_starts, slot_cum = slot_tables[key]
            items, item_cum = catalogue.table(channel, season)
            head = (municipality_id, str(channel), site.id)
            for slot, (tail, factor), language, handler, seconds in zip(
                choices(slot_starts, cum_weights=slot_cum, k=count),
                choices(items, cum_weights=item_cum, k=count),
                choices(languages, cum_weights=language_cum, k=count),
                choices(site.handlers, k=count),
                choices(pools[channel], k=count),
                strict=True,
            ):
                local = slot + int(rand() * SLOT)
                utc = local - offsets[local // 3600]
                ts = today + clock[utc] if utc >= 0 else yesterday + clock[utc + 86400]
                handling = int(seconds * factor)
                append((ts, ts, ts, *head, handler, language,
                        handling if handling < MAX_HANDLING_SECONDS else MAX_HANDLING_SECONDS, *tail))
        rows.sort(key=by_ts)
        yield rows


def _write(batches: Iterable[list[tuple]], *, chunk: int = 50_000) -> int:
    table = connection.ops.quote_name(Inquiry._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # noqa: S608
                write_row = copy.write_row
                for rows in batches:
                    for row in rows:
                        write_row(row)
                    written += len(rows)
            # Fresh statistics, or the planner guesses from an empty table.
            cursor.execute(f"ANALYZE {table}")
            return written

        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"  # noqa: S608
        buffer: list[tuple] = []
        for rows in batches:
            buffer += rows
            if len(buffer) >= chunk:
                cursor.executemany(sql, buffer)
                written += len(buffer)
                buffer = []
        if buffer:
            cursor.executemany(sql, buffer)
            written += len(buffer)
    return written


def _reporting(batches, on_day):
    for batch in batches:
        yield batch
        on_day(len(batch))


def inquiries_generate(
    *, municipality, start: dt.date, end: dt.date, per_day: float = 150, total: int | None = None,
    seed: int | None = None, site_weights: dict[str, float] | None = None, on_day=None,
) -> int:
    """Write synthetic inquiries for the days start..end (both included, local dates).

    `per_day` is the mean volume of an ordinary weekday across all sites before
    seasonal peaks; `total` instead asks for exactly that many rows. Sites share
    the volume by `site_weights` (site slug -> weight), by default by their
    weekly opening hours. Meant for history: an `end` of today or later would
    write inquiries in the future. Returns the number of rows written.
    """
    if end < start:
        raise ValueError("end is before start")
    if total is not None and total < 0:
        raise ValueError("total must be zero or more")
    rng = random.Random(seed)
    sites = _load_sites(municipality, start, end, site_weights)
    catalogue = _Catalogue(municipality)
    plan = _plan(sites=sites, catalogue=catalogue, start=start, end=end, per_day=per_day, total=total, rng=rng)
    rows = _rows(municipality_id=municipality.pk, plan=plan, catalogue=catalogue, rng=rng,
                 postgres=connection.vendor == "postgresql")
    if on_day is not None:  # progress: called after each day's rows with their number
        rows = _reporting(rows, on_day)
    with transaction.atomic():
        return _write(rows)
