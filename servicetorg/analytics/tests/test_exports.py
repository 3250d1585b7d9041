import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from servicetorg.analytics import services
from servicetorg.analytics.exports import SUPPRESSED, open_data_rows
from servicetorg.analytics.rollups import rollups_rebuild
from servicetorg.analytics.selectors import Filters
from servicetorg.inquiries.generator import inquiries_generate

PERIOD = {"date_from": "2025-01-01", "date_to": "2025-02-28"}


@pytest.fixture
def history(municipality, open_sites, clerk, service_renovasjon, service_byggesak, service_barnevern):
    inquiries_generate(municipality=municipality, start=dt.date(2025, 1, 1), end=dt.date(2025, 2, 28),
                       per_day=40, seed=5)
    services.kiosk_answer(site=open_sites[0], score=5, comment="Secret words nobody should export")
    rollups_rebuild()


def test_a_table_downloads_as_csv(client_for, leader, history):
    response = client_for(leader).get(reverse("analytics:table-export", args=["channels", "csv"]), PERIOD)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) > 3 and ";" in lines[0]


def test_a_table_downloads_as_xlsx(client_for, leader, history):
    response = client_for(leader).get(reverse("analytics:table-export", args=["outcomes", "xlsx"]), PERIOD)
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 2 + 8  # caption, header, one row per outcome


def test_an_unknown_table_is_not_found(client_for, leader, history):
    assert client_for(leader).get(reverse("analytics:table-export", args=["nope", "csv"]), PERIOD).status_code == 404
    assert client_for(leader).get(reverse("analytics:table-export", args=["outcomes", "pdf"]),
                                  PERIOD).status_code == 404


def test_the_open_data_export_suppresses_small_cells_and_has_no_comments(client_for, leader, history):
    response = client_for(leader).get(reverse("analytics:open-data"), PERIOD)
    body = response.content.decode("utf-8-sig")
    assert "Secret words" not in body
    rows = open_data_rows(Filters(municipality_id=leader.municipality_id, start=dt.date(2025, 1, 1),
                                  end=dt.date(2025, 2, 28)))
    assert rows
    for *_dims, total, resolved in rows:
        assert total == SUPPRESSED or total >= 5
        if resolved != SUPPRESSED:
            assert resolved == 0 or resolved >= 5
            assert total - resolved == 0 or total - resolved >= 5
    assert any(r[-2] == SUPPRESSED for r in rows)


def test_exports_are_for_the_leader_only(client_for, clerk, history):
    assert client_for(clerk).get(reverse("analytics:open-data"), PERIOD).status_code == 403
