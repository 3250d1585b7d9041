"""The issue's own examples, against the real starter catalogue (not a test catalogue)."""

import pytest
from django.core.management import call_command

from servicetorg.catalogue.search import catalogue_search
from servicetorg.organisation.models import Municipality

EXPECTED_TOP = {
    "søppla ble ikke tømt": "glemt-tomming",
    "korleis søkjer eg barnehageplass": "barnehageplass",
    "eiendomsskatten": "eiendomsskatt",
    "brøyting": "broyting-og-stroing",
}


@pytest.fixture
def demo(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", "--no-history", verbosity=0)
    return Municipality.objects.get(slug="sandefjord")


def test_the_right_service_is_on_top_for_how_people_write(demo):
    found = {
        q: [hit.service.slug for hit in catalogue_search(municipality_id=demo.pk, q=q, limit=3)]
        for q in EXPECTED_TOP
    }
    assert {q: slugs[0] for q, slugs in found.items()} == EXPECTED_TOP, found
