"""The task-transfer pages: a leader opens a unit's register, assesses a task, moves it
on and opens the five-point report; axe finds no WCAG 2.1 A or AA violation on the way."""

import datetime as dt
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from conftest import _user
from servicetorg.accounts.models import Role
from servicetorg.organisation.models import Unit
from servicetorg.transfers.models import StaffPosition, UnitLeadership
from servicetorg.transfers.services import mandate_report_update, task_assess, task_create

pytestmark = pytest.mark.e2e

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
axe = Axe()


def assert_accessible(page: Page) -> None:
    results = axe.run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


@pytest.fixture
def register(municipality, site, leader):
    unit = Unit.objects.create(municipality=municipality, name="Økonomienheten", slug="okonomi")
    unit_leader = _user("okonomileder", Role.CASEWORKER, municipality, units=[unit])
    UnitLeadership.objects.create(municipality=municipality, unit=unit, user=unit_leader)
    task_create(by=unit_leader, unit=unit, name="Utleie av haller", audience="external", step=3,
                volume_text="4-5 timer pr uke", volume_kind="per_week", volume_amount=Decimal(4),
                volume_amount_max=Decimal(5))
    tv = task_create(by=unit_leader, unit=unit, name="TV-aksjonen", audience="external", step=3,
                     volume_text="1/2 stilling 20.09–25.10", volume_kind="period_share",
                     volume_amount=Decimal("0.5"), volume_start=dt.date(2026, 9, 20), volume_end=dt.date(2026, 10, 25))
    task_assess(task=tv, by=leader, can_short="yes", can_long="yes", recommendation="transfer",
                assessment_reason="Avgrenset periode hver høst.")
    task_create(by=unit_leader, unit=unit, name="Budsjett", step=4)
    mandate_report_update(unit=unit, by=unit_leader, conclusion_2="SK bør ha spørretilgang i kommfakt og regnskap.")
    position = StaffPosition.objects.create(municipality=municipality, title="Sandefjord", fte=Decimal(3))
    position.sites.set([site])
    return unit_leader


def test_a_leader_assesses_a_task_and_reads_the_report(page, log_in, live_server, leader, register):
    log_in(leader)
    page.get_by_role("link", name="Oppgaveoverføring").click()
    assert_accessible(page)
    page.get_by_role("link", name="Økonomienheten").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Økonomienheten")
    assert_accessible(page)
    expect(page.locator("#step-3 ~ table").first).to_contain_text("Overføres")
    page.get_by_role("link", name="Utleie av haller").click()
    assert_accessible(page)
    page.get_by_role("link", name="Vurder", exact=True).click()
    page.get_by_label("Kan tas, på kort sikt").select_option("yes")
    page.get_by_label("Kan tas, på lang sikt").select_option("yes")
    page.get_by_label("Anbefaling").select_option("transfer")
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Begrunnelse").fill("Regelstyrt saksbehandling.")
    page.get_by_label("Kan tas, på kort sikt").select_option("yes")
    page.get_by_label("Kan tas, på lang sikt").select_option("yes")
    page.get_by_label("Anbefaling").select_option("transfer")
    page.get_by_role("button", name="Lagre").click()
    page.get_by_role("button", name="Merk som avtalt").click()
    expect(page.locator(".message.success")).to_be_visible()
    page.goto(f"{live_server.url}/transfers/okonomi/report/")
    expect(page.locator(".report")).to_contain_text("spørretilgang i kommfakt")
    assert_accessible(page)
    page.goto(f"{live_server.url}/transfers/capacity/?year=2026")
    expect(page.locator("tr.peak")).to_have_count(2)
    assert_accessible(page)
    # Not too wide on a laptop: the page never scrolls sideways at 1366 px.
    page.set_viewport_size({"width": 1366, "height": 768})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_the_unit_leaders_forms(page, log_in, live_server, register):
    log_in(register)
    page.goto(f"{live_server.url}/transfers/okonomi/tasks/new/")
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/transfers/okonomi/report/edit/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/transfers/okonomi/import/")
    assert_accessible(page)
