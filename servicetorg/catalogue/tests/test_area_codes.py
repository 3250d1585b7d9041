"""The 29 area codes are reference data: a catalogue never exists without them."""

from django.core.management import call_command

from servicetorg.catalogue.models import Area


def test_a_flush_puts_the_area_codes_back(transactional_db):
    """Django's transactional tests flush every table after themselves; with the suite spread over
    workers a later test on the same database must still find the codes."""
    assert Area.objects.count() == 29
    call_command("flush", interactive=False, verbosity=0)
    assert Area.objects.count() == 29
    assert Area.objects.get(code="renovasjon").name_nb
