"""The issue's own examples, against the real starter catalogue (not a test catalogue)."""

import pytest

from servicetorg.catalogue.search import catalogue_search

EXPECTED_TOP = {
    "søppla ble ikke tømt": "glemt-tomming",
    "korleis søkjer eg barnehageplass": "barnehageplass",
    "eiendomsskatten": "eiendomsskatt",
    "brøyting": "broyting-og-stroing",
}


@pytest.fixture
def demo(demo_db, db):
    return demo_db


def test_the_right_service_is_on_top_for_how_people_write(demo):
    found = {
        q: [hit.service.slug for hit in catalogue_search(municipality_id=demo.pk, q=q, limit=3)]
        for q in EXPECTED_TOP
    }
    assert {q: slugs[0] for q, slugs in found.items()} == EXPECTED_TOP, found
