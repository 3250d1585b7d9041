from django.urls import reverse

from servicetorg.accounts.models import User
from servicetorg.demo.loader import demo_load
from servicetorg.queues.models import Counter, Errand, QueueRollup, Ticket


def test_the_demo_has_queues_at_stokke_and_history(client, db):
    demo_load(history_days=0)
    stokke = Errand.objects.filter(site__slug="stokke")
    assert stokke.count() == 3 and Counter.objects.filter(site__slug="stokke").count() == 2
    assert Ticket.objects.exists() and QueueRollup.objects.filter(kind="phone").exists()
    # The kiosk of the demo's Stokke centre answers without a login.
    assert client.get(reverse("queue:kiosk", args=["sandefjord", "stokke"])).status_code == 200
    client.force_login(User.objects.get(username="leder"))
    assert 'id="measured-' in client.get(reverse("staffing:overview")).content.decode()
