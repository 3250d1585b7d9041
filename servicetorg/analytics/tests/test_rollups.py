import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from servicetorg.analytics.models import DailyRollup, HalfHourRollup, MonthlyRollup, ServiceDailyRollup, UnitDailyRollup
from servicetorg.analytics.rollups import next_workday, rollups_rebuild, rollups_verify
from servicetorg.inquiries import services
from servicetorg.inquiries.generator import inquiries_generate
from servicetorg.inquiries.models import Channel, Outcome


def test_next_workday_skips_weekends_and_public_holidays():
    assert next_workday(dt.date(2025, 3, 14)) == dt.date(2025, 3, 17)  # Friday -> Monday
    assert next_workday(dt.date(2025, 4, 16)) == dt.date(2025, 4, 22)  # Easter: Thu, Fri, Mon are holidays
    assert next_workday(dt.date(2025, 5, 16)) == dt.date(2025, 5, 19)
    assert next_workday(dt.date(2025, 3, 11)) == dt.date(2025, 3, 12)


@pytest.mark.django_db
def test_it_counts_an_inquiry_written_through_the_services(frozen, clerk, site, service_renovasjon):
    inquiry = services.inquiry_create(by=clerk, site=site, channel=Channel.PHONE, outcome=Outcome.ANSWERED,
                                      service=service_renovasjon, handling_seconds=90)
    row = DailyRollup.objects.get()
    assert (row.day, row.site_id, row.channel, row.area_code) == (dt.date(2025, 3, 12), site.pk, "phone",
                                                                    "renovasjon")
    assert (row.n, row.handling_seconds, row.answered, row.in_time) == (1, 90, 1, 1)
    assert MonthlyRollup.objects.get().month == dt.date(2025, 3, 1)
    assert HalfHourRollup.objects.get().slot == 22  # 11:00 in Oslo
    assert ServiceDailyRollup.objects.get().service_id == service_renovasjon.pk
    assert rollups_verify().ok
    assert inquiry.pk


@pytest.mark.django_db
def test_a_change_moves_the_inquiry_between_counters(frozen, clerk, site, service_renovasjon, byggesak):
    inquiry = services.inquiry_create(by=clerk, site=site, channel=Channel.PHONE, outcome=Outcome.ANSWERED,
                                      service=service_renovasjon, handling_seconds=90)
    services.inquiry_update(inquiry=inquiry, by=clerk, site=site, channel=Channel.EMAIL, outcome=Outcome.FORWARDED,
                            service=service_renovasjon, forwarded_to=byggesak, handling_seconds=30)
    row = DailyRollup.objects.get()
    assert (row.channel, row.n, row.answered, row.forwarded, row.handling_seconds) == ("email", 1, 0, 1, 30)
    assert UnitDailyRollup.objects.get().unit_id == byggesak.pk
    assert rollups_verify().ok


@pytest.mark.django_db
def test_an_undo_takes_the_inquiry_out_again(frozen, clerk, site, service_renovasjon):
    inquiry = services.inquiry_create(by=clerk, site=site, channel=Channel.PHONE, outcome=Outcome.ANSWERED,
                                      service=service_renovasjon)
    services.inquiry_undo(inquiry=inquiry, by=clerk)
    assert not DailyRollup.objects.exists()
    assert not HalfHourRollup.objects.exists()
    assert rollups_verify().ok


@pytest.mark.django_db
def test_the_local_day_is_used_across_midnight(clerk, site, service_renovasjon):
    # 23:45 UTC in winter is 00:45 the next day in Oslo.
    late = dt.datetime(2025, 1, 14, 23, 45, tzinfo=dt.UTC)
    with __import__("time_machine").travel(late, tick=False):
        services.inquiry_create(by=clerk, site=site, channel=Channel.EMAIL, outcome=Outcome.ANSWERED,
                                service=service_renovasjon)
    assert DailyRollup.objects.get().day == dt.date(2025, 1, 15)
    assert HalfHourRollup.objects.get().slot == 1
    assert rollups_verify().ok


@pytest.mark.django_db
def test_the_rebuild_matches_the_generated_log_and_the_check_finds_a_wrong_row(
    municipality, open_sites, clerk, service_renovasjon, service_byggesak
):
    written = inquiries_generate(municipality=municipality, start=dt.date(2025, 3, 24), end=dt.date(2025, 4, 6),
                                 per_day=60, seed=1)
    report = rollups_rebuild()
    assert report.inquiries == written > 300
    assert sum(DailyRollup.objects.values_list("n", flat=True)) == written
    assert sum(MonthlyRollup.objects.values_list("n", flat=True)) == written
    assert sum(HalfHourRollup.objects.values_list("n", flat=True)) == written
    assert rollups_verify().ok

    row = DailyRollup.objects.order_by("pk").first()
    DailyRollup.objects.filter(pk=row.pk).update(n=row.n + 1)
    check = rollups_verify()
    assert check.mismatches["DailyRollup"] == 2  # the raw row is missing and the stored row is extra
    assert check.mismatches["MonthlyRollup"] == 0
    with pytest.raises(CommandError):
        call_command("rollups_rebuild", verify_only=True)
    call_command("rollups_rebuild")
    assert rollups_verify().ok
