"""Deadlines in working time: fixed cases across the Norwegian holidays, and the
rules every due time obeys, checked with hypothesis."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicetorg.forwarding.worktime import OSLO, WorkCalendar, is_public_holiday

CAL = WorkCalendar()  # 08:00–15:30, Monday to Friday: 450 minutes a day
DAY = CAL.day_minutes


def oslo(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=OSLO)


@pytest.mark.parametrize(("start", "days", "due"), [
    # The issue's example: Maundy Thursday, Good Friday, the weekend and Easter Monday do not count.
    (oslo(2026, 4, 1, 10, 0), 1, oslo(2026, 4, 7, 10, 0)),
    # Ascension Day 2026 is Thursday 14 May.
    (oslo(2026, 5, 13, 10, 0), 1, oslo(2026, 5, 15, 10, 0)),
    # 1 May 2026 is a Friday.
    (oslo(2026, 4, 30, 10, 0), 1, oslo(2026, 5, 4, 10, 0)),
    # 17 May 2027 is a Monday.
    (oslo(2027, 5, 14, 10, 0), 1, oslo(2027, 5, 18, 10, 0)),
    # 17 May 2028 is a Wednesday, and Ascension Day is 25 May that year.
    (oslo(2028, 5, 16, 10, 0), 1, oslo(2028, 5, 18, 10, 0)),
    (oslo(2028, 5, 24, 10, 0), 1, oslo(2028, 5, 26, 10, 0)),
    # Whit Monday 2026 is 25 May.
    (oslo(2026, 5, 22, 10, 0), 1, oslo(2026, 5, 26, 10, 0)),
    # Christmas Eve is a working day; Christmas Day and Boxing Day (Thursday, Friday in 2025) are not.
    (oslo(2025, 12, 23, 10, 0), 1, oslo(2025, 12, 24, 10, 0)),
    (oslo(2025, 12, 24, 10, 0), 1, oslo(2025, 12, 29, 10, 0)),
    # New Year's Eve is a working day; New Year's Day is not.
    (oslo(2025, 12, 31, 10, 0), 1, oslo(2026, 1, 2, 10, 0)),
    # Ten working days over Easter 2026: 1 April + 10 working days (2, 3, 6 April closed).
    (oslo(2026, 4, 1, 10, 0), 10, oslo(2026, 4, 20, 10, 0)),
    # Forwarded after closing time: the clock starts at the next opening and runs a whole day.
    (oslo(2026, 4, 1, 17, 0), 1, oslo(2026, 4, 7, 15, 30)),
    # Forwarded on a Saturday.
    (oslo(2026, 3, 28, 11, 0), 1, oslo(2026, 3, 30, 15, 30)),
    # Across the change to summer time (Sunday 29 March 2026): still 10:00 local.
    (oslo(2026, 3, 27, 10, 0), 1, oslo(2026, 3, 30, 10, 0)),
])
def test_it_counts_working_days(start, days, due):
    assert CAL.add_days(start, days) == due


def test_the_issue_example_is_a_tuesday():
    due = CAL.add_days(oslo(2026, 4, 1, 9, 15), 1)
    assert due.date() == dt.date(2026, 4, 7)
    assert due.strftime("%A") == "Tuesday"


def test_it_counts_working_hours_over_the_weekend():
    # Friday 10:00: 5.5 hours left that day, 2.5 on Monday.
    assert CAL.add_hours(oslo(2026, 3, 6, 10, 0), 8) == oslo(2026, 3, 9, 10, 30)


def test_it_follows_the_units_business_hours():
    short = WorkCalendar(opens=dt.time(9, 0), closes=dt.time(14, 0))
    assert short.day_minutes == 300
    # Wednesday 13:00: one hour that day, four the next working day (Tuesday after Easter).
    assert short.add_hours(oslo(2026, 4, 1, 13, 0), 5) == oslo(2026, 4, 7, 13, 0)


def test_the_holidays_are_the_norwegian_ones():
    assert is_public_holiday(dt.date(2026, 5, 17))
    assert is_public_holiday(dt.date(2026, 12, 25))
    assert is_public_holiday(dt.date(2026, 5, 14))
    assert not is_public_holiday(dt.date(2026, 12, 24))
    assert not is_public_holiday(dt.date(2026, 12, 31))
    assert not is_public_holiday(dt.date(2026, 4, 8))


def test_it_measures_working_time_between_two_moments():
    assert CAL.minutes_between(oslo(2026, 4, 1, 10, 0), oslo(2026, 4, 7, 10, 0)) == DAY
    assert CAL.minutes_between(oslo(2026, 4, 7, 10, 0), oslo(2026, 4, 1, 10, 0)) == 0


def test_it_refuses_naive_times_and_negative_targets():
    with pytest.raises(ValueError):
        CAL.add(dt.datetime(2026, 4, 1, 10, 0), 60)
    with pytest.raises(ValueError):
        CAL.add(oslo(2026, 4, 1, 10, 0), -1)
    with pytest.raises(ValueError):
        WorkCalendar(opens=dt.time(15, 0), closes=dt.time(8, 0))


starts = st.datetimes(min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2030, 12, 31),
                      timezones=st.just(OSLO))
targets = st.integers(min_value=0, max_value=30 * DAY)
calendars = st.builds(
    lambda opens, length: WorkCalendar(
        opens=dt.time(opens), closes=(dt.datetime(2000, 1, 1, opens) + dt.timedelta(minutes=length)).time()
    ),
    st.integers(min_value=6, max_value=10), st.integers(min_value=60, max_value=9 * 60),
)


@settings(max_examples=300, deadline=None)
@given(start=starts, minutes=targets, calendar=calendars)
def test_a_due_time_is_never_on_a_weekend_or_holiday_nor_outside_business_hours(start, minutes, calendar):
    due = calendar.add(start, minutes).astimezone(OSLO)
    assert calendar.is_working_day(due.date())
    assert due.weekday() < 5
    assert not is_public_holiday(due.date())
    assert calendar.opens <= due.time() <= calendar.closes


@settings(max_examples=300, deadline=None)
@given(start=starts, minutes=targets)
def test_a_due_time_is_never_before_the_start(start, minutes):
    assert CAL.add(start, minutes) >= start


@settings(max_examples=300, deadline=None)
@given(start=starts, a=targets, b=targets)
def test_a_larger_target_is_never_due_earlier(start, a, b):
    low, high = sorted((a, b))
    assert CAL.add(start, low) <= CAL.add(start, high)


@settings(max_examples=200, deadline=None)
@given(start=starts, days=st.integers(min_value=1, max_value=20))
def test_the_working_time_until_the_due_time_is_the_target(start, days):
    assert CAL.minutes_between(start, CAL.add_days(start, days)) == days * DAY
