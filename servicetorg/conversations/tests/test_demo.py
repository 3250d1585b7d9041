import pytest

from servicetorg.conversations.models import Conversation, QueueAddress
from servicetorg.demo.loader import demo_load


@pytest.mark.django_db
def test_the_demo_has_the_address_mapping_and_conversations_with_suggestions():
    demo_load(history_days=0)
    assert set(QueueAddress.objects.values_list("address", flat=True)) == {
        "servicetorget@sandefjord.kommune.no", "postmottak@sandefjord.kommune.no"}
    assert Conversation.objects.count() == 5
    waste = Conversation.objects.get(subject="Søppeldunken ble ikke tømt")
    assert waste.suggested_services.filter(area_id="renovasjon").exists()
