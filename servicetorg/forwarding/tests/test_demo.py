"""The demo shows forwarding: rules for the units and inquiries in Byggesak's inbox."""

from django.urls import reverse

from servicetorg.accounts.models import User
from servicetorg.demo.loader import demo_load
from servicetorg.forwarding.models import DeadlineRule, Forwarding, Status


def test_the_demo_caseworker_has_an_inbox_with_due_dates(db, client):
    demo_load(history_days=7, per_day=100, seed=5)
    assert DeadlineRule.objects.filter(unit__slug="byggesak", final_answer_days=15).exists()
    byggesak = Forwarding.objects.filter(unit__slug="byggesak")
    assert byggesak.exists()
    assert set(byggesak.values_list("status", flat=True)) >= {Status.NEW}
    # Sensitive units' demo cases carry no message the centre could read.
    assert not Forwarding.objects.filter(sensitive=True, events__message__gt="").exists()
    client.force_login(User.objects.get(username="saksbehandler"))
    response = client.get(reverse("forwarding:inbox"))
    assert response.status_code == 200
    assert response.context["rows"]
    assert all(row.due_at for row in response.context["rows"])
