"""Administrators search the audit log for a forwarding's reference; nobody edits it."""

from django.urls import reverse

from servicetorg.core.models import AuditAction, AuditEvent


def test_an_administrator_finds_every_event_of_a_case_by_its_reference(client_for, administrator, forwarded,
                                                                        caseworker):
    administrator.is_superuser = True
    administrator.save(update_fields=["is_superuser"])
    client_for(caseworker).get(reverse("forwarding:case-detail", args=[forwarded.reference]))
    client = client_for(administrator)
    response = client.get(reverse("admin:core_auditevent_changelist"), {"q": forwarded.reference})
    assert response.status_code == 200
    found = {event.action for event in response.context["cl"].result_list}
    assert found == {AuditAction.FORWARD_INQUIRY, AuditAction.ADD_PERSONAL_DATA, AuditAction.VIEW_PERSONAL_DATA}
    by_name = client.get(reverse("admin:core_auditevent_changelist"), {"q": caseworker.first_name})
    assert {e.actor_id for e in by_name.context["cl"].result_list} == {caseworker.pk}


def test_nobody_changes_or_deletes_the_audit_log(client_for, administrator, forwarded):
    administrator.is_superuser = True
    administrator.save(update_fields=["is_superuser"])
    event = AuditEvent.objects.first()
    client = client_for(administrator)
    assert client.get(reverse("admin:core_auditevent_add")).status_code == 403
    before = event.detail
    client.post(reverse("admin:core_auditevent_change", args=[event.pk]), {"detail": "changed"})
    assert client.post(reverse("admin:core_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.detail == before


def test_a_caseworker_opening_the_inquiry_page_is_led_to_the_inbox(client_for, caseworker, forwarded, logged):
    page = client_for(caseworker).get(reverse("inquiries:inquiry-detail", args=[logged.pk])).content.decode()
    assert reverse("forwarding:case-detail", args=[forwarded.reference]) in page
    assert reverse("forwarding:forward", args=[logged.pk]) not in page
