"""A caseworker publishes their own weekly times and days away; citizens then see them."""

import datetime as dt

from servicetorg.bookings.availability import free_slots
from servicetorg.bookings.models import AvailabilityException, AvailabilityRule
from servicetorg.bookings.tests.conftest import NEXT_MONDAY, NOW, at

URL = "/bookings/availability/"


def rule(place, byggesak, **extra):
    return {"action": "add-rule", "unit": byggesak.pk, "mode": "site", "site": place.pk, "weekday": 0,
            "starts": "09:00", "ends": "12:00", "valid_from": "2026-03-23", "valid_until": ""} | extra


def test_a_caseworker_publishes_weekly_times_that_become_slots(client_for, caseworker, byggesak, site, site_hours,
                                                                conference):
    response = client_for(caseworker).post(URL, rule(site, byggesak))
    assert response.status_code == 302
    slots = free_slots(appointment_type=conference, start=NEXT_MONDAY, end=NEXT_MONDAY, not_before=NOW)
    assert [s.starts_at for s in slots][0] == at(NEXT_MONDAY, 9)


def test_overlapping_or_impossible_times_are_refused_on_the_form(client_for, caseworker, byggesak, site, site_hours):
    client = client_for(caseworker)
    client.post(URL, rule(site, byggesak))
    body = client.post(URL, rule(site, byggesak, starts="11:00", ends="13:00")).content.decode()
    assert "error-summary" in body
    body = client.post(URL, rule(site, byggesak, starts="13:00", ends="12:00", weekday=1)).content.decode()
    assert "error-summary" in body
    body = client.post(URL, rule(site, byggesak, mode="site", site="", weekday=2)).content.decode()
    assert "error-summary" in body
    assert AvailabilityRule.objects.count() == 1


def test_a_unit_that_is_not_theirs_is_refused(client_for, caseworker, barnevern, site):
    response = client_for(caseworker).post(URL, rule(site, barnevern))
    assert response.status_code == 200
    assert AvailabilityRule.objects.count() == 0


def test_a_day_away_removes_the_slots_and_can_be_removed(client_for, caseworker, byggesak, site, site_hours,
                                                         conference):
    client = client_for(caseworker)
    client.post(URL, rule(site, byggesak))
    client.post(URL, {"action": "add-away", "away-date": NEXT_MONDAY.isoformat(), "away-reason": "Kurs"})
    assert free_slots(appointment_type=conference, start=NEXT_MONDAY, end=NEXT_MONDAY, not_before=NOW) == []
    away = AvailabilityException.objects.get()
    client.post(URL, {"action": "delete-away", "id": away.pk})
    assert len(free_slots(appointment_type=conference, start=NEXT_MONDAY, end=NEXT_MONDAY, not_before=NOW)) == 4


def test_the_centres_staff_do_not_publish_for_caseworkers(client_for, clerk):
    assert client_for(clerk).get(URL).status_code == 403


def test_a_day_in_the_past_is_refused(client_for, caseworker):
    body = client_for(caseworker).post(URL, {"action": "add-away",
                                             "away-date": (NEXT_MONDAY - dt.timedelta(days=14)).isoformat()})
    assert "error-summary" in body.content.decode()
    assert AvailabilityException.objects.count() == 0
