import datetime as dt

import pytest
from django.urls import reverse

from servicetorg.analytics.rollups import rollups_rebuild
from servicetorg.analytics.selectors import Filters, dashboard_build, split_period
from servicetorg.inquiries.generator import inquiries_generate

URL = reverse("analytics:dashboard")


@pytest.fixture
def history(municipality, open_sites, clerk, service_renovasjon, service_byggesak, service_barnevern):
    inquiries_generate(municipality=municipality, start=dt.date(2024, 1, 1), end=dt.date(2025, 2, 28),
                       per_day=12, seed=3)
    rollups_rebuild()


def test_split_period_reads_whole_months_from_the_monthly_rollups():
    assert split_period(dt.date(2025, 1, 1), dt.date(2025, 12, 31)) == (
        (dt.date(2025, 1, 1), dt.date(2025, 12, 1)), [])
    assert split_period(dt.date(2025, 1, 15), dt.date(2025, 3, 10)) == (
        (dt.date(2025, 2, 1), dt.date(2025, 2, 1)),
        [(dt.date(2025, 1, 15), dt.date(2025, 1, 31)), (dt.date(2025, 3, 1), dt.date(2025, 3, 10))])
    assert split_period(dt.date(2025, 1, 15), dt.date(2025, 1, 20)) == (None, [(dt.date(2025, 1, 15),
                                                                                 dt.date(2025, 1, 20))])
    assert split_period(dt.date(2024, 2, 1), dt.date(2024, 2, 29)) == ((dt.date(2024, 2, 1), dt.date(2024, 2, 1)),
                                                                       [])


def test_the_leader_sees_the_dashboard(client_for, leader, history, django_assert_max_num_queries):
    client = client_for(leader)
    with django_assert_max_num_queries(30):
        response = client.get(URL, {"date_from": "2025-01-01", "date_to": "2025-02-28", "granularity": "week"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="kpi-fcr"' in body and 'id="table-over_time"' in body and "heatmap" in body
    assert "chart.umd.min.js" in body


@pytest.mark.parametrize("granularity", ["day", "week", "month"])
def test_every_granularity_adds_up_to_the_period_total(leader, history, granularity):
    filters = Filters(municipality_id=leader.municipality_id, start=dt.date(2024, 1, 10),
                      end=dt.date(2024, 11, 20), granularity=granularity)
    board = dashboard_build(filters)
    total = sum(row[-1] for row in board.table("over_time").rows)
    assert total == int(board.kpis[0]["value"].replace("\u00a0", ""))
    assert total > 1000


def test_a_clerk_and_a_caseworker_are_denied(client_for, clerk, caseworker):
    assert client_for(clerk).get(URL).status_code == 403
    assert client_for(caseworker).get(URL).status_code == 403


def test_a_bad_period_shows_an_error(client_for, leader):
    response = client_for(leader).get(URL, {"date_from": "2025-02-01", "date_to": "2025-01-01"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()


def test_the_heatmap_reads_months_and_edge_days_alike(leader, history):
    from servicetorg.analytics.selectors import _heatmap

    whole = Filters(municipality_id=leader.municipality_id, start=dt.date(2024, 2, 1), end=dt.date(2024, 5, 31))
    ragged = Filters(municipality_id=leader.municipality_id, start=dt.date(2024, 1, 20), end=dt.date(2024, 6, 10))
    inner = _heatmap(whole)
    outer = _heatmap(ragged)
    total = sum(row[-1] for row in dashboard_build(ragged).table("over_time").rows)
    assert sum(outer.values()) == total
    assert sum(inner.values()) < total
    assert all(outer[key] >= value for key, value in inner.items())
    monday_morning = sum(v for (_s, weekday, hour), v in outer.items() if weekday == 1 and 9 <= hour < 11)
    sunday_morning = sum(v for (_s, weekday, hour), v in outer.items() if weekday == 7 and 9 <= hour < 11)
    assert monday_morning > sunday_morning


@pytest.mark.parametrize("granularity", ["day", "week", "month"])
def test_the_coarser_rollups_give_the_same_figures_as_the_fine_ones(leader, history, granularity):
    """With no area or channel chosen the dashboard reads the rollups without that dimension;
    choosing every area and every channel reads the fine ones: every table must agree."""
    from servicetorg.analytics.models import DailyRollup
    from servicetorg.inquiries.models import Channel

    areas = tuple(sorted(set(DailyRollup.objects.values_list("area_code", flat=True))))
    common = {"municipality_id": leader.municipality_id, "start": dt.date(2024, 1, 10), "end": dt.date(2024, 11, 20),
              "granularity": granularity}
    coarse = dashboard_build(Filters(**common))
    fine = dashboard_build(Filters(**common, areas=areas, channels=tuple(Channel.values)))
    assert coarse.kpis == fine.kpis
    for key in ("over_time", "channels", "outcomes", "sites", "areas", "services", "units"):
        assert coarse.table(key).rows == fine.table(key).rows, key
    assert coarse.table("services").rows


def test_the_coarser_rollups_follow_each_write_and_undo(frozen, clerk, site, service_renovasjon):
    from servicetorg.analytics.models import (
        ServiceSiteDailyRollup,
        ServiceSiteMonthlyRollup,
        SiteDailyRollup,
        SiteMonthlyRollup,
    )
    from servicetorg.analytics.rollups import rollups_verify
    from servicetorg.inquiries import services
    from servicetorg.inquiries.models import Channel, Outcome

    first = services.inquiry_create(by=clerk, site=site, channel=Channel.PHONE, outcome=Outcome.ANSWERED,
                                    service=service_renovasjon, handling_seconds=60)
    services.inquiry_create(by=clerk, site=site, channel=Channel.EMAIL, outcome=Outcome.REFERRED,
                            service=service_renovasjon, handling_seconds=30)
    day = SiteDailyRollup.objects.get(channel="phone")
    assert (day.day, day.n, day.answered, day.handling_seconds) == (dt.date(2025, 3, 12), 1, 1, 60)
    assert SiteMonthlyRollup.objects.get(channel="email").referred == 1
    assert ServiceSiteDailyRollup.objects.get().n == ServiceSiteMonthlyRollup.objects.get().n == 2
    services.inquiry_undo(inquiry=first, by=clerk)
    assert not SiteDailyRollup.objects.filter(channel="phone").exists()
    assert ServiceSiteMonthlyRollup.objects.get().n == 1
    assert rollups_verify().ok


def test_the_overview_leads_with_key_figure_cards_trend_lines_and_presets(client_for, leader, history):
    from django.urls import reverse as _reverse

    client = client_for(leader)
    body = client.get(URL, {"date_from": "2025-01-01", "date_to": "2025-02-28", "granularity": "week"}).content.decode()
    # Key figures come before the folded filters' fields and before the first chart.
    assert body.index('id="kpi-inquiries"') < body.index('id="table-over_time"')
    assert body.count('class="sparkline"') >= 5
    assert 'class="filter-bar" open' in body  # custom dates: the filters stay open
    assert _reverse("analytics:survey-overview") in body  # surveys are linked from the overview
    for preset in ("this_week", "last_month", "this_year"):
        assert f"preset={preset}" in body


def test_a_preset_sets_the_period_and_stays_in_the_address(client_for, leader, history):
    import datetime as _dt

    from django.utils import timezone

    response = client_for(leader).get(URL, {"preset": "last_month", "date_from": "2020-01-01"})
    board = response.context["board"]
    end = timezone.localdate().replace(day=1) - _dt.timedelta(days=1)
    assert (board.filters.start, board.filters.end) == (end.replace(day=1), end)
    assert 'class="filter-bar" open' not in response.content.decode()
