"""Free slots: weekly patterns across the change to summer time, public
holidays, the site's opening hours, exceptions and booked appointments."""

import datetime as dt

from servicetorg.bookings.availability import free_slots, weekly_dates
from servicetorg.bookings.models import Appointment, AvailabilityException, AvailabilityRule, Mode
from servicetorg.bookings.tests.conftest import EASTER_MONDAY, MONDAY, NEXT_MONDAY, NOW, at
from servicetorg.organisation.models import OpeningException


def _starts(slots):
    return [s.starts_at for s in slots]


def test_a_monday_is_cut_into_slots_of_the_types_length(conference, mondays):
    slots = free_slots(appointment_type=conference, start=NEXT_MONDAY, end=NEXT_MONDAY, not_before=NOW)
    assert _starts(slots) == [at(NEXT_MONDAY, 9), at(NEXT_MONDAY, 9, 45), at(NEXT_MONDAY, 10, 30),
                              at(NEXT_MONDAY, 11, 15)]
    assert all(s.ends_at - s.starts_at == dt.timedelta(minutes=45) for s in slots)


def test_nine_oclock_stays_nine_oclock_across_the_change_to_summer_time(conference, mondays):
    slots = free_slots(appointment_type=conference, start=MONDAY, end=NEXT_MONDAY, not_before=NOW)
    before = [s.starts_at for s in slots if s.starts_at.date() == MONDAY]
    after = [s.starts_at for s in slots if s.starts_at.date() == NEXT_MONDAY]
    assert before[0].utcoffset() == dt.timedelta(hours=1)
    assert after[0].utcoffset() == dt.timedelta(hours=2)
    assert after[0].hour == 9 and after[0].astimezone(dt.UTC).hour == 7


def test_and_back_to_winter_time_in_october(conference, mondays):
    # 25 October 2026 is the last Sunday of October.
    slots = free_slots(appointment_type=conference, start=dt.date(2026, 10, 19), end=dt.date(2026, 10, 26),
                       not_before=NOW)
    first_each_day = {s.starts_at.date(): s.starts_at for s in reversed(slots)}
    assert first_each_day[dt.date(2026, 10, 19)].astimezone(dt.UTC).hour == 7
    assert first_each_day[dt.date(2026, 10, 26)].astimezone(dt.UTC).hour == 8
    assert {s.hour for s in first_each_day.values()} == {9}


def test_no_slot_on_a_public_holiday(conference, mondays):
    slots = free_slots(appointment_type=conference, start=EASTER_MONDAY, end=EASTER_MONDAY, not_before=NOW)
    assert slots == []


def test_no_video_slot_on_a_public_holiday_either(municipality, byggesak, caseworker, conference):
    AvailabilityRule.objects.create(municipality=municipality, caseworker=caseworker, unit=byggesak,
                                    mode=Mode.VIDEO, weekday=0, starts=dt.time(18), ends=dt.time(19),
                                    valid_from=dt.date(2026, 1, 1))
    assert free_slots(appointment_type=conference, start=EASTER_MONDAY, end=EASTER_MONDAY, not_before=NOW) == []
    # Video is not bound to the centre's opening hours.
    slots = free_slots(appointment_type=conference, start=NEXT_MONDAY, end=NEXT_MONDAY, not_before=NOW)
    assert _starts(slots) == [at(NEXT_MONDAY, 18)]


def test_the_sites_opening_hours_cut_the_pattern(municipality, site, conference, mondays):
    OpeningException.objects.create(municipality=municipality, site=site, date=NEXT_MONDAY, opens=dt.time(10),
                                    closes=dt.time(11, 30), reason="Personalmøte")
    slots = free_slots(appointment_type=conference, start=NEXT_MONDAY, end=NEXT_MONDAY, not_before=NOW)
    assert _starts(slots) == [at(NEXT_MONDAY, 10), at(NEXT_MONDAY, 10, 45)]


def test_a_closed_site_offers_nothing(municipality, site, conference, mondays):
    OpeningException.objects.create(municipality=municipality, site=site, date=NEXT_MONDAY, closed=True)
    assert free_slots(appointment_type=conference, start=NEXT_MONDAY, end=NEXT_MONDAY, not_before=NOW) == []


def test_the_caseworkers_exceptions_take_time_away(municipality, caseworker, conference, mondays):
    AvailabilityException.objects.create(municipality=municipality, caseworker=caseworker, date=NEXT_MONDAY,
                                         starts=dt.time(9, 30), ends=dt.time(10, 30))
    AvailabilityException.objects.create(municipality=municipality, caseworker=caseworker,
                                         date=NEXT_MONDAY + dt.timedelta(days=7))
    slots = free_slots(appointment_type=conference, start=NEXT_MONDAY, end=NEXT_MONDAY + dt.timedelta(days=7),
                       not_before=NOW)
    assert _starts(slots) == [at(NEXT_MONDAY, 10, 30), at(NEXT_MONDAY, 11, 15)]


def test_past_times_and_booked_times_are_not_free(municipality, caseworker, site, conference, mondays):
    Appointment.objects.create(
        municipality=municipality, appointment_type=conference, caseworker=caseworker, mode=Mode.SITE, site=site,
        starts_at=at(MONDAY, 10), ends_at=at(MONDAY, 10, 45), token_hash="a" * 64,
    )
    slots = free_slots(appointment_type=conference, start=MONDAY, end=MONDAY, not_before=at(MONDAY, 9, 30))
    # 09:00 has passed; 09:45 and 10:30 overlap the booking at 10:00–10:45.
    assert _starts(slots) == [at(MONDAY, 11, 15)]


def test_a_pattern_counts_only_while_valid(conference, mondays):
    mondays.valid_from = NEXT_MONDAY
    mondays.save(update_fields=["valid_from"])
    slots = free_slots(appointment_type=conference, start=MONDAY, end=NEXT_MONDAY, not_before=NOW)
    assert {s.starts_at.date() for s in slots} == {NEXT_MONDAY}


def test_thirty_days_take_a_fixed_number_of_queries(django_assert_max_num_queries, conference, mondays):
    with django_assert_max_num_queries(5):
        slots = free_slots(appointment_type=conference, start=MONDAY, end=MONDAY + dt.timedelta(days=29),
                           not_before=NOW)
    # Five Mondays in thirty days; Easter Monday is closed.
    assert len({s.starts_at.date() for s in slots}) == 4


def test_weekly_dates_repeat_on_the_same_weekday():
    dates = weekly_dates(dt.date(2026, 3, 24), dt.date(2026, 4, 14))
    assert dates == [dt.date(2026, 3, 24), dt.date(2026, 3, 31), dt.date(2026, 4, 7), dt.date(2026, 4, 14)]
    assert weekly_dates(dt.date(2026, 3, 24), None) == [dt.date(2026, 3, 24)]
