"""Every stated form of volume, converted to hours and FTE per calendar month."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from servicetorg.transfers.volumes import (
    Volume,
    VolumeKind,
    VolumeParseError,
    hours_to_fte,
    monthly_fte,
    monthly_hours,
    monthly_hours_exact,
    volume_parse,
    yearly_hours_exact,
)


@pytest.fixture(autouse=True)
def _basis(settings):
    settings.TRANSFER_FTE_HOURS = 1695
    settings.TRANSFER_WORKDAY_MINUTES = 450


def test_hours_a_week_follow_the_days_of_each_month():
    volume = Volume(kind=VolumeKind.PER_WEEK, amount=Decimal(4), amount_max=Decimal(5))
    months = monthly_hours(volume, 2026)
    assert months[0] == pytest.approx(4.5 * 31 / 7)
    assert months[1] == pytest.approx(4.5 * 28 / 7)
    assert sum(months) == pytest.approx(4.5 * 365 / 7)


def test_hours_a_month_are_the_same_every_month():
    assert monthly_hours(Volume(kind=VolumeKind.PER_MONTH, amount=Decimal(10)), 2026) == [10.0] * 12


def test_hours_a_quarter_are_spread_over_its_three_months():
    months = monthly_hours(Volume(kind=VolumeKind.PER_QUARTER, amount=Decimal(30)), 2026)
    assert months == [10.0] * 12


def test_hours_a_year_are_a_twelfth_each_month():
    assert monthly_hours(Volume(kind=VolumeKind.PER_YEAR, amount=Decimal(120)), 2026) == [10.0] * 12


def test_days_a_quarter_use_the_configured_working_day(settings):
    volume = Volume(kind=VolumeKind.DAYS_PER_QUARTER, amount=Decimal(2))
    assert monthly_hours(volume, 2026) == [5.0] * 12  # 2 × 7.5 hours / 3 months
    settings.TRANSFER_WORKDAY_MINUTES = 480
    assert yearly_hours_exact(volume, 2026) == 64


def test_a_share_of_a_position_counts_only_in_its_period():
    volume = Volume(kind=VolumeKind.PERIOD_SHARE, amount=Decimal("0.5"), start=dt.date(2026, 9, 20),
                    end=dt.date(2026, 10, 25))
    months = monthly_hours_exact(volume, 2026)
    per_day = Fraction(1, 2) * 1695 / 365
    assert months[8] == per_day * 11  # 20–30 September
    assert months[9] == per_day * 25  # 1–25 October
    assert sum(months[:8]) == 0 and sum(months[10:]) == 0
    assert yearly_hours_exact(volume, 2026) == per_day * 36
    # It recurs every year on the same days.
    assert monthly_hours_exact(volume, 2027)[8] == per_day * 11


def test_a_period_across_new_year_wraps_within_the_year():
    volume = Volume(kind=VolumeKind.PERIOD_SHARE, amount=Decimal(1), start=dt.date(2026, 12, 20),
                    end=dt.date(2027, 1, 10))
    months = monthly_hours_exact(volume, 2026)
    per_day = Fraction(1695, 365)
    assert months[0] == per_day * 10 and months[11] == per_day * 12
    assert yearly_hours_exact(volume, 2026) == per_day * 22


def test_every_n_days_counts_the_occurrences_in_each_month():
    volume = Volume(kind=VolumeKind.EVERY_N_DAYS, amount=Decimal(2), interval_days=14)
    assert monthly_hours_exact(volume, 2026)[0] == Fraction(2 * 31, 14)
    assert yearly_hours_exact(volume, 2026) == Fraction(2 * 365, 14)


def test_fte_per_month_uses_the_configured_basis(settings):
    # A whole position for the whole year is 1.0 FTE in every month, whatever its length.
    volume = Volume(kind=VolumeKind.PERIOD_SHARE, amount=Decimal(1), start=dt.date(2026, 1, 1),
                    end=dt.date(2026, 12, 30))
    assert monthly_fte(volume, 2026)[:11] == [pytest.approx(1.0)] * 11
    # 1,695 hours a year: January (31 of 365 days) has 143.96 full-time hours.
    assert hours_to_fte(Fraction(1695 * 31, 365), year=2026, month=1) == pytest.approx(1.0)
    settings.TRANSFER_FTE_HOURS = 1950
    assert hours_to_fte(Fraction(1950 * 28, 365), year=2026, month=2) == pytest.approx(1.0)
    assert hours_to_fte(Fraction(1695 * 28, 365), year=2026, month=2) == pytest.approx(1695 / 1950)


def test_an_incomplete_volume_says_what_is_missing_and_counts_nothing():
    volume = Volume(kind=VolumeKind.PERIOD_SHARE, amount=Decimal(2), start=dt.date(2026, 10, 1),
                    end=dt.date(2026, 9, 1))
    assert set(volume.errors()) == {"volume_amount", "volume_end"}
    assert monthly_hours(volume, 2026) == [0.0] * 12
    assert "volume_interval_days" in Volume(kind=VolumeKind.EVERY_N_DAYS, amount=Decimal(1)).errors()
    assert "volume_amount_max" in Volume(kind=VolumeKind.PER_WEEK, amount=Decimal(5),
                                         amount_max=Decimal(4)).errors()


@pytest.mark.parametrize(("text", "expected"), [
    ("4-5 timer pr uke", Volume(kind="per_week", amount=Decimal(4), amount_max=Decimal(5))),
    ("4–5 hours a week", Volume(kind="per_week", amount=Decimal(4), amount_max=Decimal(5))),
    ("10 timar i månaden", Volume(kind="per_month", amount=Decimal(10))),
    ("20 timer pr kvartal", Volume(kind="per_quarter", amount=Decimal(20))),
    ("100 hours a year", Volume(kind="per_year", amount=Decimal(100))),
    ("2 dager pr kvartal", Volume(kind="days_per_quarter", amount=Decimal(2))),
    ("2 days a quarter", Volume(kind="days_per_quarter", amount=Decimal(2))),
    ("1 dag pr uke", Volume(kind="per_week", amount=Decimal("7.5"))),
    ("1/2 stilling i perioden 20.09 – 25.10",
     Volume(kind="period_share", amount=Decimal("0.5"), start=dt.date(2026, 9, 20), end=dt.date(2026, 10, 25))),
    ("half a position from 20.09.2026 to 25.10.2026",
     Volume(kind="period_share", amount=Decimal("0.5"), start=dt.date(2026, 9, 20), end=dt.date(2026, 10, 25))),
    ("50 % stilling 01.12 - 15.01",
     Volume(kind="period_share", amount=Decimal("0.5"), start=dt.date(2026, 12, 1), end=dt.date(2027, 1, 15))),
    ("3 timer hver 14. dag", Volume(kind="every_n_days", amount=Decimal(3), interval_days=14)),
    ("every 14 days, 2,5 hours", Volume(kind="every_n_days", amount=Decimal("2.5"), interval_days=14)),
    ("", Volume()),
])
def test_it_reads_a_volume_as_people_state_it(text, expected):
    assert volume_parse(text, year=2026) == expected


@pytest.mark.parametrize("text", ["Fordelt på mange i dag", "14 dagers basis", "1/2 stilling 31.02 – 25.10"])
def test_it_says_why_it_cannot_read_a_volume(text):
    with pytest.raises(VolumeParseError):
        volume_parse(text, year=2026)


_amounts = st.decimals(min_value=Decimal("0.25"), max_value=Decimal(500), places=2)


@st.composite
def volumes(draw):
    kind = draw(st.sampled_from([k for k in VolumeKind.values if k != "none"]))
    if kind == VolumeKind.PERIOD_SHARE:
        start = draw(st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2028, 12, 31)))
        end = start + dt.timedelta(days=draw(st.integers(min_value=0, max_value=363)))
        return Volume(kind=kind, amount=draw(st.decimals(min_value=Decimal("0.05"), max_value=Decimal(1),
                                                         places=2)), start=start, end=end)
    low = draw(_amounts)
    high = draw(st.one_of(st.none(), st.decimals(min_value=low, max_value=Decimal(600), places=2)))
    interval = draw(st.integers(min_value=1, max_value=90)) if kind == VolumeKind.EVERY_N_DAYS else None
    return Volume(kind=kind, amount=low, amount_max=high, interval_days=interval)


# No example database: the tests leave nothing behind in the checkout.
@hypothesis_settings(database=None)
@given(volume=volumes(), year=st.integers(min_value=2000, max_value=2100))
def test_the_months_of_a_year_add_up_to_the_yearly_hours(volume, year):
    months = monthly_hours_exact(volume, year)
    assert len(months) == 12
    assert all(h >= 0 for h in months)
    assert sum(months) == yearly_hours_exact(volume, year)


@hypothesis_settings(database=None)
@given(volume=volumes(), year=st.integers(min_value=2000, max_value=2100))
def test_a_share_of_a_position_never_takes_more_than_that_share_of_a_month(volume, year):
    if volume.kind != VolumeKind.PERIOD_SHARE:
        return
    for month, fte in enumerate(monthly_fte(volume, year), start=1):
        assert fte <= float(volume.amount) + 1e-9, month


@hypothesis_settings(database=None)
@given(low=st.integers(min_value=1, max_value=400), extra=st.integers(min_value=0, max_value=50),
       per=st.sampled_from([("uke", "per_week"), ("måned", "per_month"), ("kvartal", "per_quarter"),
                            ("år", "per_year")]),
       separator=st.sampled_from(["-", "–", " til "]))
def test_it_reads_any_stated_range_of_hours(low, extra, per, separator):
    word, kind = per
    text = f"{low}{separator}{low + extra} timer pr {word}" if extra else f"{low} timer pr {word}"
    volume = volume_parse(text, year=2026)
    assert (volume.kind, volume.amount, volume.amount_max) == (kind, low, low + extra if extra else None)
