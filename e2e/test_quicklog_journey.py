"""The frontline clerk's day: log in and log inquiries with the keyboard only."""

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from servicetorg.inquiries import services
from servicetorg.inquiries.models import Channel, Inquiry, Outcome

pytestmark = pytest.mark.e2e

QUICKLOG = "/inquiries/log/"


@pytest.fixture
def choose(page, type_service):
    """Type into the service field, move down to `value` with ↓ and choose it with Enter.
    Nothing is highlighted when the suggestions open: the first ↓ reaches the first one."""

    def choose(typed: str, value: str) -> None:
        field = page.locator("#id_pick_label")
        expect(field).to_be_focused()
        values = type_service(typed)
        assert value in values, f"{value} not suggested for {typed!r}: {values}"
        expect(field).to_have_attribute("aria-expanded", "true")
        expect(field).not_to_have_attribute("aria-activedescendant", re.compile(".+"))
        for _ in range(values.index(value) + 1):
            page.keyboard.press("ArrowDown")
        option_id = page.locator(f'#pick-options [data-value="{value}"]').get_attribute("id")
        expect(field).to_have_attribute("aria-activedescendant", option_id)
        page.keyboard.press("Enter")
        expect(page.locator("#id_pick")).to_have_value(value)
        expect(page.locator("#pick-options")).to_be_hidden()

    return choose


@pytest.fixture
def log_inquiry(page, choose):
    """Choose the service, press the outcome's digit, type the note, press Enter."""

    def log_inquiry(typed: str, value: str, *, key: str | None = None, note: str = "", expect_rows: int) -> None:
        choose(typed, value)
        if key:
            page.keyboard.press(key)
        if note:
            expect(page.locator("#id_note")).to_be_focused()
            page.keyboard.type(note)
        page.keyboard.press("Enter")
        expect(page.locator("#today tbody tr")).to_have_count(expect_rows)

    return log_inquiry


def test_a_clerk_logs_five_inquiries_without_the_mouse(
    page, live_server, log_inquiry, clerk, site, service_renovasjon, service_byggesak, service_barnevern, barnevern
):
    # The front page is the citizens'; staff come in through the login page.
    page.goto(live_server.url + "/accounts/login/")
    expect(page.locator("#id_username")).to_be_focused()
    page.keyboard.type(clerk.username)
    page.keyboard.press("Tab")
    expect(page.locator("#id_password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page).to_have_url(live_server.url + QUICKLOG)
    expect(page.locator("#today tbody tr")).to_have_count(0)
    # The service's own outcome is pre-selected; a digit overrides it.
    log_inquiry("søppel", f"service:{service_renovasjon.pk}", expect_rows=1)
    log_inquiry("bygg", f"service:{service_byggesak.pk}", key="3", expect_rows=2)
    log_inquiry("bekym", f"service:{service_barnevern.pk}", expect_rows=3)
    log_inquiry("bolig", "area:bolig", key="2", expect_rows=4)
    # The area comes after the services that match: one ↓ down.
    log_inquiry("bygg", "area:byggesak", key="8", note="Spurte om nabovarsel", expect_rows=5)

    expect(page.locator("[data-counter=mine]")).to_have_text("5")
    expect(page.locator("#today tbody tr").last).to_contain_text(service_renovasjon.name)
    logged = list(
        Inquiry.objects.filter(handled_by=clerk).order_by("id").values_list(
            "service_id", "area_id", "outcome", "forwarded_to_id", "sensitive", "note", "site_id", "channel"
        )
    )
    assert logged == [
        (service_renovasjon.pk, "renovasjon", Outcome.ANSWERED, None, False, "", site.pk, Channel.PHONE),
        (service_byggesak.pk, "byggesak", Outcome.DIGITAL_HELP, None, False, "", site.pk, Channel.PHONE),
        (service_barnevern.pk, "barnevern", Outcome.FORWARDED, barnevern.pk, True, "", site.pk, Channel.PHONE),
        (None, "bolig", Outcome.SELF_SERVICE, None, False, "", site.pk, Channel.PHONE),
        (None, "byggesak", Outcome.UNRESOLVED, None, False, "Spurte om nabovarsel", site.pk, Channel.PHONE),
    ]


def test_undo_removes_the_last_inquiry(page, live_server, log_in, clerk, site, service_renovasjon, service_byggesak):
    logged = [
        services.inquiry_create(by=clerk, site=site, channel=Channel.PHONE, outcome=Outcome.ANSWERED,
                                service=service)
        for service in [service_byggesak, service_renovasjon] * 2 + [service_byggesak]
    ]
    log_in(clerk)
    expect(page).to_have_url(live_server.url + QUICKLOG)
    rows = page.locator("#today tbody tr")
    expect(rows).to_have_count(5)

    rows.first.get_by_role("button").press("Enter")

    expect(rows).to_have_count(4)
    # The focused button is gone with its row; the clerk is back in the service field.
    expect(page.locator("#id_pick_label")).to_be_focused()
    expect(page.locator("[data-counter=mine]")).to_have_text("4")
    expect(page.locator("#status .message.success")).to_be_visible()
    assert not Inquiry.objects.filter(pk=logged[-1].pk).exists()
    assert Inquiry.objects.filter(handled_by=clerk).count() == 4


def test_a_sensitive_service_takes_no_note(page, log_in, choose, clerk, site, service_renovasjon,
                                           service_barnevern, barnevern):
    log_in(clerk)
    note = page.locator("#id_note")
    # The clerk starts on another service and writes a note, then changes to child welfare.
    choose("søppel", f"service:{service_renovasjon.pk}")
    page.keyboard.press("1")
    expect(note).to_be_focused()
    page.keyboard.type("Mor ringte om sønnen")
    page.keyboard.press("Escape")
    expect(page.locator("#id_pick_label")).to_be_focused()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Backspace")
    choose("bekym", f"service:{service_barnevern.pk}")

    expect(note).to_be_disabled()
    expect(note).to_have_value("")
    page.keyboard.press("Enter")
    expect(page.locator("#today tbody tr")).to_have_count(1)

    inquiry = Inquiry.objects.get(handled_by=clerk)
    assert inquiry.service == service_barnevern
    assert inquiry.sensitive is True
    assert inquiry.note == ""
    assert inquiry.forwarded_to == barnevern


def test_a_note_for_a_sensitive_service_is_refused_with_a_visible_error(
    page, log_in, choose, clerk, site, service_barnevern
):
    """Should the note reach the server anyway (no JavaScript, an old tab), the
    server refuses it and says so."""
    log_in(clerk)
    choose("bekym", f"service:{service_barnevern.pk}")
    note = page.locator("#id_note")
    expect(note).to_be_disabled()
    note.evaluate("(input) => { input.disabled = false; input.value = 'Navn på barnet'; }")
    page.keyboard.press("Enter")

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.locator('a[href="#id_note"]')).to_be_visible()
    expect(note).to_have_attribute("aria-invalid", "true")
    assert not Inquiry.objects.exists()


def test_type_down_enter_logs_the_first_suggestion(page, log_in, type_service, clerk, site, service_byggesak):
    """What the help says: type, ↓, Enter chooses the FIRST suggestion, never the second."""
    log_in(clerk)
    values = type_service("bygg")
    assert len(values) > 1
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("#id_pick")).to_have_value(values[0])
    page.keyboard.press("Enter")
    expect(page.locator("#today tbody tr")).to_have_count(1)
    assert Inquiry.objects.get(handled_by=clerk).service_id == int(values[0].split(":")[1])


def test_the_clerk_starts_the_clock_and_sees_the_time_before_saving(page, log_in, choose, clerk, site,
                                                                    service_renovasjon):
    """Handling time from an explicit start (F2), shown before saving, stored as measured."""
    page.clock.install()
    log_in(clerk)
    preview = page.locator("#clock-preview")
    expect(preview).to_contain_text("ukjent")
    page.keyboard.press("F2")
    page.clock.fast_forward(90_000)
    expect(preview).to_contain_text("1,5 min")
    choose("søppel", f"service:{service_renovasjon.pk}")
    page.keyboard.press("Enter")
    expect(page.locator("#today tbody tr")).to_have_count(1)
    assert 90 <= Inquiry.objects.get(handled_by=clerk).handling_seconds <= 120


def test_logging_after_the_call_stores_an_unknown_time_not_zero(page, log_in, choose, clerk, site,
                                                                service_renovasjon):
    log_in(clerk)
    choose("søppel", f"service:{service_renovasjon.pk}")
    page.keyboard.press("Enter")
    expect(page.locator("#today tbody tr")).to_have_count(1)
    assert Inquiry.objects.get(handled_by=clerk).handling_seconds is None
