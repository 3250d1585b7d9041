"""One parser per kind of value from outside: they refuse what Python accepts but the code cannot use."""

import datetime as dt

import pytest

from servicetorg.core.parsing import (
    ParseError,
    parse_choice,
    parse_date,
    parse_datetime,
    parse_id,
    parse_int,
    parse_or,
    parse_slug,
    parse_text,
)


@pytest.mark.parametrize("raw", ["²", "٣", "1.5", "", " ", "1e3", "0x10", "99999999999999999999", "\x001"])
def test_an_id_is_ascii_digits_within_64_bits(raw):
    with pytest.raises(ParseError):
        parse_id(raw)


def test_an_id_is_read():
    assert parse_id("42") == 42
    assert parse_id(" 7 ") == 7
    assert parse_int("-3", minimum=-5) == -3
    with pytest.raises(ParseError):
        parse_id("0")
    with pytest.raises(ParseError):
        parse_int(True)


@pytest.mark.parametrize("raw", ["9999-12-31", "0001-01-01", "2026-02-30", "20260301", "2026-W09-7", "2026-3-1"])
def test_a_date_is_iso_and_within_years_1900_to_2999(raw):
    with pytest.raises(ParseError):
        parse_date(raw)


def test_a_date_is_read():
    assert parse_date("2026-03-01") == dt.date(2026, 3, 1)


@pytest.mark.parametrize("raw", [
    "2026-03-01T09:00:00+16:00", "2026-03-01T09:00:00-23:59", "2026-03-01T09:00:00", "0.5", "1700000000",
    "9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+14:00", "2026-03-01",
])
def test_a_datetime_needs_an_offset_within_14_hours_and_a_sane_year(raw):
    with pytest.raises(ParseError):
        parse_datetime(raw)


def test_a_datetime_is_read():
    value = parse_datetime("2026-03-01T09:30:00+01:00")
    assert value == dt.datetime(2026, 3, 1, 8, 30, tzinfo=dt.UTC)
    assert parse_datetime("2026-03-01T09:30:00Z").utcoffset() == dt.timedelta(0)
    assert parse_datetime("2026-03-01T09:30:00-14:00").utcoffset() == -dt.timedelta(hours=14)


def test_text_refuses_nul_and_length():
    assert parse_text("  hei ") == "hei"
    with pytest.raises(ParseError):
        parse_text("a\x00b")
    with pytest.raises(ParseError):
        parse_text("x" * 11, max_length=10)
    with pytest.raises(ParseError):
        parse_text(" ", required=True)


def test_slug_and_choice():
    assert parse_slug("sandefjord-1") == "sandefjord-1"
    for bad in ("", "a b", "ø", "a/b", "x" * 101):
        with pytest.raises(ParseError):
            parse_slug(bad)
    assert parse_choice("day", ["day", "week"]) == "day"
    with pytest.raises(ParseError):
        parse_choice("year", ["day", "week"])


def test_parse_or_falls_back_on_bad_or_missing_input():
    assert parse_or("²", parse_id, 5) == 5
    assert parse_or(None, parse_id, 5) == 5
    assert parse_or("", parse_id, 5) == 5
    assert parse_or("6", parse_id, 5) == 6
