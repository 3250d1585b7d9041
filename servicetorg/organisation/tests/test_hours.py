"""One answer to "is this open at t?" for service centres and the rooms they rent."""

import datetime as dt

from servicetorg.organisation.hours import OSLO, is_open_at, site_is_open_at, weekly, windows_on
from servicetorg.organisation.models import OpeningException, OpeningHours

T = dt.time


def at(y, m, d, hh, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=OSLO)


def test_a_split_day_is_open_in_both_windows_and_closed_between():
    hours = weekly([(0, T(13), T(16)), (0, T(9), T(11))])
    windows = windows_on(dt.date(2026, 12, 7), hours)  # a Monday
    assert windows == [(T(9), T(11)), (T(13), T(16))]
    assert is_open_at(at(2026, 12, 7, 10), windows)
    assert not is_open_at(at(2026, 12, 7, 12), windows)
    assert not is_open_at(at(2026, 12, 7, 16), windows)  # closes at 16:00 sharp


def test_an_exception_replaces_the_week_and_holidays_close_what_follows_them():
    hours = weekly([(3, T(9), T(15))])
    thursday = dt.date(2026, 4, 2)  # Maundy Thursday, a public holiday
    assert windows_on(thursday, hours) == [(T(9), T(15))]
    assert windows_on(thursday, hours, closed_on_public_holidays=True) == []
    assert windows_on(thursday, hours, exceptions={thursday: [(T(10), T(12))]}) == [(T(10), T(12))]


def test_it_reads_the_time_in_oslo():
    windows = [(T(9), T(15))]
    assert is_open_at(dt.datetime(2026, 7, 1, 7, 30, tzinfo=dt.UTC), windows)  # 09:30 in Oslo (summer)
    assert not is_open_at(dt.datetime(2026, 12, 1, 7, 30, tzinfo=dt.UTC), windows)  # 08:30 in Oslo (winter)


def test_a_site_is_open_by_its_hours_and_its_dated_exceptions(municipality, site):
    OpeningHours.objects.create(municipality=municipality, site=site, weekday=0, opens=T(9), closes=T(15))
    assert site_is_open_at(site.pk, at(2026, 12, 7, 10))
    OpeningException.objects.create(municipality=municipality, site=site, date=dt.date(2026, 12, 7), closed=True)
    assert not site_is_open_at(site.pk, at(2026, 12, 7, 10))
    assert not site_is_open_at(site.pk, at(2026, 12, 8, 10))  # no hours on Tuesdays
