import datetime as dt

import pytest
from django.urls import reverse

from servicetorg.staffing import selectors
from servicetorg.staffing.models import PlannedStaff
from servicetorg.staffing.services import staffing_plan_save

URL = reverse("staffing:overview")


def test_the_needs_follow_the_arrivals(site, history):
    start, end = selectors.history_window(8)
    result = selectors.site_staffing(site=site, targets=selectors.Targets(0.8, 20, 300), start=start, end=end)
    monday_ten = result.cells[(0, 20)]
    assert monday_ten.arrivals["walk_in"] > 0
    assert monday_ten.total_needed >= 1
    assert result.cells.get((0, 4)) is None or result.cells[(0, 4)].needed["walk_in"] == 0  # 02:00: closed
    # A stricter target never needs fewer staff.
    strict = selectors.site_staffing(site=site, targets=selectors.Targets(0.95, 10, 60), start=start, end=end)
    assert strict.cells[(0, 20)].total_needed >= monday_ten.total_needed


def test_the_page_shows_where_the_plan_falls_short(client_for, leader, site, history):
    staffing_plan_save(site=site, by=leader, staff={(0, slot): 1 for slot in range(16, 31)})
    response = client_for(leader).get(URL, {"site": site.pk})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="under"' in body
    assert f'id="staffing-{site.pk}"' in body


def test_the_what_if_estimates_longer_thursdays(client_for, leader, other_site, history):
    response = client_for(leader).get(URL, {"site": other_site.pk, "weekday": 3, "closes": "19:00"})
    what_if = response.context["what_if"]
    assert [label for label, *_rest in what_if.slots] == ["15:30", "16:00", "16:30", "17:00", "17:30", "18:00",
                                                          "18:30"]
    assert what_if.staff_hours >= 3.5  # at least one person through the added hours
    assert 'id="what-if-answer"' in response.content.decode()


def test_a_bad_what_if_time_shows_an_error(client_for, leader, history):
    response = client_for(leader).get(URL, {"weekday": 3, "closes": "19:10"})
    assert response.context["what_if"] is None
    assert "error-summary" in response.content.decode()


def test_bad_targets_fall_back_to_the_settings_and_say_so(client_for, leader, history):
    response = client_for(leader).get(URL, {"service_level": "150"})
    assert "error-summary" in response.content.decode()
    assert response.context["targets"].service_level == pytest.approx(0.8)


def test_clerks_may_not_see_staffing(client_for, clerk):
    assert client_for(clerk).get(URL).status_code == 403


def test_history_window_ends_yesterday(history):
    assert selectors.history_window(8) == (dt.date(2025, 1, 15), dt.date(2025, 3, 11))
    assert PlannedStaff.objects.count() == 0


def test_a_site_s_staffing_table_downloads(client_for, leader, site, history):
    client = client_for(leader)
    response = client.get(reverse("staffing:export", args=[site.pk, "csv"]))
    lines = response.content.decode("utf-8-sig").splitlines()
    assert response.status_code == 200 and len(lines) > 10
    assert lines[0].count(";") == 10  # half hour, then needed and planned for Monday to Friday
    assert client.get(reverse("staffing:export", args=[site.pk, "xlsx"])).status_code == 200
    assert client.get(reverse("staffing:export", args=[site.pk, "pdf"])).status_code == 404


def test_with_a_patience_the_phone_is_counted_by_erlang_a(client_for, leader, site, history):
    client = client_for(leader)
    plain = client.get(URL, {"site": site.pk})
    patient = client.get(URL, {"site": site.pk, "phone_patience": "60"})
    assert patient.context["targets"].phone_patience == 60
    assert 'id="erlang-a-note"' in patient.content.decode()
    assert 'id="erlang-a-note"' not in plain.content.decode()
    c_cells = plain.context["results"][0].cells
    a_cells = patient.context["results"][0].cells
    phone_c = sum(cell.needed["phone"] for cell in c_cells.values())
    phone_a = sum(cell.needed["phone"] for cell in a_cells.values())
    assert 0 < phone_a <= phone_c
    # The counter is Erlang C either way: people at the counter do not hang up.
    assert all(a_cells[key].needed["walk_in"] == cell.needed["walk_in"] for key, cell in c_cells.items())


def test_a_bad_patience_shows_an_error(client_for, leader, history):
    response = client_for(leader).get(URL, {"phone_patience": "0"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert response.context["targets"].phone_patience is None


def test_the_what_if_starts_at_the_leaders_own_site(client_for, leader, site, other_site, history):
    """No site of a demo is assumed: the leader's last site, else the first by name."""
    leader.last_site = other_site
    leader.save(update_fields=["last_site"])
    form = client_for(leader).get(reverse("staffing:overview")).context["what_if_form"]
    assert form.initial["site"] == other_site.pk
    leader.last_site = None
    leader.save(update_fields=["last_site"])
    form = client_for(leader).get(reverse("staffing:overview")).context["what_if_form"]
    assert form.initial["site"] == min([site, other_site], key=lambda s: s.name).pk


@pytest.mark.parametrize("name", ["items", "urlencode", "site"])
def test_a_parameter_named_like_a_method_is_only_a_parameter(client_for, leader, site, name):
    # The template once read request.GET.items: ?items=x made it loop over "x" (a 500).
    response = client_for(leader).get("/staffing/", {name: "x", "closes": "x"})

    assert response.status_code == 200
