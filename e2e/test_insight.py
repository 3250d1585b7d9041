"""The leader's dashboard, staffing, and the citizens' survey pages pass axe (WCAG 2.1 AA)."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from e2e.test_accessibility import assert_accessible
from servicetorg.analytics import services
from servicetorg.analytics.models import SurveyResponse
from servicetorg.analytics.rollups import rollups_rebuild
from servicetorg.inquiries import services as inquiry_services
from servicetorg.inquiries.generator import inquiries_generate
from servicetorg.inquiries.models import Channel, Outcome
from servicetorg.organisation.models import OpeningHours
from servicetorg.staffing.services import staffing_plan_save

pytestmark = pytest.mark.e2e


@pytest.fixture
def history(municipality, site, other_site, clerk, leader, service_renovasjon, service_byggesak):
    for s in (site, other_site):
        OpeningHours.objects.bulk_create(
            OpeningHours(municipality=municipality, site=s, weekday=d, opens=dt.time(8), closes=dt.time(15, 30))
            for d in range(5))
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    inquiries_generate(municipality=municipality, start=yesterday - dt.timedelta(days=70), end=yesterday,
                       per_day=40, seed=2)
    services.kiosk_answer(site=site, score=4, comment="Fin hjelp")
    rollups_rebuild()
    staffing_plan_save(site=site, by=leader, staff={(w, s): 1 for w in range(5) for s in range(16, 31)})


def test_the_dashboard(page, live_server, log_in, leader, history):
    log_in(leader)
    page.goto(f"{live_server.url}/analytics/?granularity=week")
    expect(page.locator("#kpi-fcr .kpi-value")).to_contain_text("%")
    expect(page.locator("#table-over_time tbody tr").first).to_be_visible()
    expect(page.locator("canvas#chart-over_time")).to_be_visible()
    assert_accessible(page)


def test_the_staffing_page_with_a_what_if(page, live_server, log_in, leader, history, other_site):
    log_in(leader)
    page.goto(f"{live_server.url}/staffing/?site={other_site.pk}&weekday=3&closes=19:00")
    expect(page.locator("#what-if-answer")).to_be_visible()
    assert_accessible(page)


def test_the_plan_form(page, log_in, leader, site, history):
    log_in(leader, next_path=f"/staffing/plan/{site.pk}/")
    page.locator("#id_s_0_16").fill("3")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".message.success")).to_be_visible()
    assert_accessible(page)


def test_the_survey_overview(page, log_in, leader, history):
    log_in(leader, next_path="/analytics/surveys/")
    expect(page.get_by_text("Fin hjelp")).to_be_visible()
    assert_accessible(page)


def test_a_citizen_answers_by_the_link(page, live_server, clerk, site, service_renovasjon):
    inquiry = inquiry_services.inquiry_create(by=clerk, site=site, channel=Channel.PHONE, outcome=Outcome.ANSWERED,
                                              service=service_renovasjon)
    path = services.survey_url(inquiry=inquiry).split("8000", 1)[-1]
    page.goto(live_server.url + path)
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    page.locator("label[for=id_score_4]").click()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#thanks")).to_be_visible()
    assert SurveyResponse.objects.get().score == 5


def test_the_counter_tablet_resets_after_an_answer(page, live_server, site):
    page.goto(live_server.url + f"/survey/kiosk/{services.kiosk_token(site=site)}/")
    page.locator("label[for=id_score_3]").click()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".message.success")).to_be_visible()
    expect(page.locator("input[name=score]:checked")).to_have_count(0)
    assert_accessible(page)


def test_the_leader_lands_on_the_overview_with_the_key_figures_on_the_first_screen(page, live_server, log_in,
                                                                                  leader, history):
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(leader)
    expect(page).to_have_url(re.compile(r"/analytics/$"))
    box = page.locator("#kpi-inquiries").bounding_box()
    assert box and box["y"] + box["height"] <= 768
    # Every tool is in the side navigation, grouped by job.
    nav = page.locator("#side-nav")
    for name in ("Oversikt", "Bemanning", "Oppgaveoverføring", "Brukerundersøkelser", "Registrer henvendelse"):
        expect(nav.get_by_role("link", name=name)).to_be_visible()
    page.locator(".preset-bar").get_by_role("link", name="Forrige måned").click()
    expect(page).to_have_url(re.compile(r"preset=last_month"))
    assert_accessible(page)
