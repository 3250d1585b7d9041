import datetime as dt
from io import StringIO

import holidays
import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone

from servicetorg.accounts.models import Role, User
from servicetorg.demo.loader import demo_load
from servicetorg.inquiries.generator import inquiries_generate
from servicetorg.inquiries.models import Channel, Inquiry, Language, Outcome
from servicetorg.organisation.models import OpeningException, OpeningHours

DIGITAL = {Channel.EMAIL, Channel.SMS, Channel.SOCIAL, Channel.CHAT, Channel.WEB_FORM}
START, END = dt.date(2025, 3, 1), dt.date(2025, 3, 30)


@pytest.fixture
def demo(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return demo_load(history_days=0).municipality


def local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value)


def test_it_writes_exactly_the_total_asked_for(demo):
    written = inquiries_generate(municipality=demo, start=START, end=END, total=2000, seed=1)

    assert written == 2000
    assert Inquiry.objects.filter(municipality=demo).count() == 2000


def test_per_day_sets_the_volume_of_an_ordinary_weekday(demo):
    inquiries_generate(municipality=demo, start=dt.date(2025, 9, 29), end=dt.date(2025, 10, 26), per_day=100,
                       seed=2)

    weekdays = [i for i in Inquiry.objects.all() if local(i.received_at).weekday() < 5]
    assert 70 <= len(weekdays) / 20 <= 140


def test_every_row_keeps_the_rules_of_an_inquiry(demo):
    inquiries_generate(municipality=demo, start=START, end=END, total=2000, seed=3)
    handlers = set(User.objects.filter(role__in=[Role.FRONTLINE, Role.LEADER]).values_list("pk", flat=True))

    rows = Inquiry.objects.select_related("service__owner_unit", "service__forward_to", "forwarded_to")
    for inquiry in rows:
        assert inquiry.channel in Channel.values
        assert inquiry.outcome in Outcome.values
        assert inquiry.language in Language.values
        assert inquiry.note == ""
        assert inquiry.site.municipality_id == demo.pk
        assert inquiry.handled_by_id is None or inquiry.handled_by_id in handlers
        assert 0 < inquiry.handling_seconds <= 3600
        if inquiry.service:
            assert inquiry.area_id == inquiry.service.area_id
        if inquiry.outcome == Outcome.FORWARDED:
            assert inquiry.forwarded_to is not None
        if inquiry.outcome == Outcome.REFERRED:
            assert inquiry.forwarded_to == inquiry.service.forward_to
        if inquiry.outcome not in (Outcome.FORWARDED, Outcome.REFERRED):
            assert inquiry.forwarded_to is None
        expected = bool(
            (inquiry.service and inquiry.service.is_sensitive)
            or (inquiry.forwarded_to and inquiry.forwarded_to.sensitive)
        )
        assert inquiry.sensitive == expected


def test_outcomes_follow_the_services_handling(demo):
    inquiries_generate(municipality=demo, start=START, end=END, total=3000, seed=4)

    def share(handling, outcomes):
        rows = Inquiry.objects.filter(service__handling=handling)
        return rows.filter(outcome__in=outcomes).count() / rows.count()

    assert share("answer", [Outcome.ANSWERED]) > 0.7
    assert share("guide", [Outcome.SELF_SERVICE, Outcome.DIGITAL_HELP]) > 0.6
    assert share("forward", [Outcome.FORWARDED, Outcome.TRANSFERRED]) > 0.7
    assert share("refer", [Outcome.REFERRED]) > 0.7


def test_received_at_stays_within_the_days_asked_for(demo):
    inquiries_generate(municipality=demo, start=START, end=END, total=2000, seed=5)

    for inquiry in Inquiry.objects.all():
        assert timezone.is_aware(inquiry.received_at)
        assert START <= local(inquiry.received_at).date() <= END


def test_walk_ins_and_calls_come_only_while_the_site_is_open(demo):
    # Spans Easter and 1 May, so public holidays are in the period.
    start, end = dt.date(2026, 3, 23), dt.date(2026, 5, 3)
    inquiries_generate(municipality=demo, start=start, end=end, total=3000, seed=6)
    regular: dict[tuple[int, int], list[tuple[dt.time, dt.time]]] = {}
    for hours in OpeningHours.objects.all():
        regular.setdefault((hours.site_id, hours.weekday), []).append((hours.opens, hours.closes))
    exceptions = {(e.site_id, e.date): e for e in OpeningException.objects.filter(date__range=(start, end))}
    public = holidays.country_holidays("NO", years=2026)

    staffed = Inquiry.objects.filter(channel__in=[Channel.WALK_IN, Channel.PHONE])
    assert staffed.exists()
    for inquiry in staffed:
        when = local(inquiry.received_at)
        assert when.date() not in public
        exception = exceptions.get((inquiry.site_id, when.date()))
        if exception:
            assert not exception.closed
            intervals = [(exception.opens, exception.closes)]
        else:
            intervals = regular[(inquiry.site_id, when.weekday())]
        assert any(opens <= when.time() < closes for opens, closes in intervals), (when, intervals)


def test_weekends_are_quieter_than_weekdays(demo):
    inquiries_generate(municipality=demo, start=START, end=END, total=2000, seed=7)

    by_weekday = [0] * 7
    for inquiry in Inquiry.objects.all():
        by_weekday[local(inquiry.received_at).weekday()] += 1
    assert max(by_weekday[5:]) * 3 < min(by_weekday[:5])
    assert by_weekday[0] == max(by_weekday)  # the Monday peak
    weekend = Inquiry.objects.filter(pk__in=[
        i.pk for i in Inquiry.objects.all() if local(i.received_at).weekday() >= 5
    ])
    assert not weekend.filter(channel__in=[Channel.WALK_IN, Channel.PHONE]).exists()


def test_the_channel_mix_drifts_toward_digital(demo):
    start, end = dt.date(2024, 1, 1), dt.date(2025, 12, 31)
    inquiries_generate(municipality=demo, start=start, end=end, total=8000, seed=8)

    def digital_share(first, last):
        rows = Inquiry.objects.filter(received_at__date__range=(first, last))
        return rows.filter(channel__in=DIGITAL).count() / rows.count()

    early = digital_share(start, start + dt.timedelta(days=120))
    late = digital_share(end - dt.timedelta(days=120), end)
    assert late > early + 0.05


def test_the_biggest_site_gets_the_most_inquiries(demo):
    inquiries_generate(municipality=demo, start=START, end=END, total=2000, seed=9)

    per_site = dict(Inquiry.objects.values_list("site__slug").annotate(n=Count("id")))
    assert per_site["sandefjord"] > per_site["stokke"] > per_site["andebu"] > 0


def test_school_start_brings_a_peak_in_school_inquiries(demo):
    inquiries_generate(municipality=demo, start=dt.date(2025, 5, 1), end=dt.date(2025, 9, 30), total=6000, seed=10)

    def school_share(month):
        rows = Inquiry.objects.filter(received_at__month=month)
        return rows.filter(area_id__in=["skole-sfo", "barnehage"]).count() / rows.count()

    assert school_share(8) > 1.5 * school_share(5)


def test_the_same_seed_gives_the_same_rows(demo):
    fields = ("received_at", "channel", "site_id", "service_id", "outcome", "handling_seconds", "language")
    inquiries_generate(municipality=demo, start=START, end=END, total=300, seed=11)
    first = list(Inquiry.objects.order_by("pk").values_list(*fields))
    Inquiry.objects.all().delete()

    inquiries_generate(municipality=demo, start=START, end=END, total=300, seed=11)

    assert list(Inquiry.objects.order_by("pk").values_list(*fields)) == first


def test_the_command_generates_the_days_asked_for(demo):
    out = StringIO()

    call_command("generate_inquiries", "--days", "10", "--total", "500", "--end", "2025-06-10", "--seed", "1",
                 stdout=out)

    assert "Wrote 500 inquiries for Sandefjord, 2025-06-01 to 2025-06-10" in out.getvalue()
    assert Inquiry.objects.count() == 500


def test_the_command_refuses_today_and_unknown_municipalities(demo):
    with pytest.raises(CommandError, match="yesterday"):
        call_command("generate_inquiries", "--end", timezone.localdate().isoformat())
    with pytest.raises(CommandError, match="no municipality"):
        call_command("generate_inquiries", "--municipality", "atlantis")
