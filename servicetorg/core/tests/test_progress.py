"""Long commands show rows, rate and time left on a terminal, nothing else when not on one, and a final
summary line either way."""

import io

from django.core.management import call_command

from servicetorg.core.progress import progress


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_shows_rows_rate_and_time_left_on_a_terminal():
    out = FakeTerminal()
    with progress(total=4, desc="Inquiries", unit="day", stream=out) as tick:
        for _ in range(4):
            tick(1, rows=250)
    text = out.getvalue()
    assert "Inquiries" in text
    assert "4/4" in text
    assert "rows=1,000" in text
    assert "day/s" in text or "s/day" in text
    assert "<" in text  # elapsed<remaining


def test_generate_inquiries_is_quiet_off_a_terminal_and_ends_with_a_summary(municipality, site, service_renovasjon):
    out, err = io.StringIO(), io.StringIO()
    call_command("generate_inquiries", "--days", "5", "--per-day", "20", "--seed", "1", stdout=out, stderr=err)
    assert err.getvalue() == ""
    assert out.getvalue().startswith("Wrote ")
    assert "rows/s" in out.getvalue()


def test_rollups_rebuild_prints_a_summary_off_a_terminal(municipality, site):
    out, err = io.StringIO(), io.StringIO()
    call_command("rollups_rebuild", stdout=out, stderr=err)
    assert err.getvalue() == ""
    assert "Rebuilt the rollups" in out.getvalue()
