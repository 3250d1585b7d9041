"""One number format on every page, and files that Norwegian spreadsheets read right."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from servicetorg.core.numbers import Minutes, Percent, format_number
from servicetorg.core.spreadsheets import csv_bytes, csv_cell, unescape_text, xlsx_bytes


@pytest.mark.parametrize("text", ["=1+1", "+47 99", "-2", "@SUM(A1)", "\t=x", "\r=x"])
def test_a_text_that_a_spreadsheet_would_run_is_escaped(text):
    assert csv_cell(text) == "'" + text
    assert unescape_text(csv_cell(text)) == text


def test_numbers_get_a_decimal_comma_and_never_become_dates():
    assert csv_cell(6.4) == "6,4"
    assert csv_cell(Decimal("350.00")) == "350,00"
    assert csv_cell(12) == "12"
    assert csv_cell("6.4") == "'6.4"
    assert csv_cell(Percent(74.8)) == "74,8 %"
    assert csv_cell(dt.date(2026, 4, 6)) == "2026-04-06"
    assert csv_cell("Byggesak") == "Byggesak"


def test_the_csv_has_a_bom_and_semicolons():
    raw = csv_bytes([["Navn", "Andel"], ["a;b", Percent(50)]])
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig") == 'Navn;Andel\r\n"a;b";50 %\r\n'


def test_xlsx_numbers_are_numbers_and_percentages_are_percentages():
    raw = xlsx_bytes([["Navn", "Antall", "Andel", "Tid", "Formel"], ["x", 3, Percent(74.8), Minutes(2.5), "=1+1"]])
    sheet = load_workbook(io.BytesIO(raw)).active
    name, count, share, time, formula = sheet[2]
    assert count.value == 3 and count.data_type == "n"
    assert share.value == pytest.approx(0.748) and "%" in share.number_format
    assert time.value == 2.5 and "min" in time.number_format
    assert formula.value == "=1+1" and formula.data_type == "s" and formula.quotePrefix


def test_one_number_format_follows_the_language():
    with translation.override("nb"):
        assert str(Percent(74.8)) == "74,8\u00a0%"
        assert str(Minutes(-0.2)) == "\u22120,2\u00a0min"
        assert format_number(12345) == "12\u00a0345"
        rendered = Template("{% load numbers %}{{ a|percent }} {{ b|minutes }} {{ c|num }}").render(
            Context({"a": 74.8, "b": -0.2, "c": 6.4}))
        assert rendered == "74,8\u00a0% \u22120,2\u00a0min 6,4"
    with translation.override("nn"):
        assert str(Percent(74.8)) == "74,8\u00a0%"
    with translation.override("en"):
        assert str(Percent(74.8)) == "74.8\u00a0%"


@pytest.mark.django_db
def test_the_dashboard_csv_uses_a_decimal_comma_and_percentages(client_for, leader, municipality, site,
                                                                service_renovasjon):
    from servicetorg.inquiries import services
    from servicetorg.inquiries.models import Channel, Outcome

    services.inquiry_create(by=leader, site=site, channel=Channel.PHONE, outcome=Outcome.ANSWERED,
                            service=service_renovasjon, handling_seconds=100)
    today = dt.date.today().isoformat()
    response = client_for(leader).get(reverse("analytics:table-export", args=["outcomes", "csv"]),
                                      {"date_from": today, "date_to": today})
    body = response.content.decode("utf-8-sig")
    assert "100 %" in body or "100,0 %" in body
    assert " %" in body and ". %" not in body
    xlsx = client_for(leader).get(reverse("analytics:table-export", args=["outcomes", "xlsx"]),
                                  {"date_from": today, "date_to": today})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    shares = [row[2] for row in sheet.iter_rows(min_row=3)]
    assert all(cell.data_type == "n" and "%" in cell.number_format for cell in shares)
