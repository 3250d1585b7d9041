"""The inbox journey in the browser, with axe-core on each page: an e-mail arrives over SMTP,
the clerk sees it, takes the suggested service, answers from the catalogue and closes it; the
citizen's mailbox (the file backend) holds a threaded answer and the dashboard counts one
e-mail answered within a working day."""

import smtplib
from email import message_from_bytes, policy

import pytest
from django.db.models import Sum
from playwright.sync_api import expect

from e2e.test_accessibility import assert_accessible
from servicetorg.analytics.models import DailyRollup
from servicetorg.conversations.mailin import free_port, smtp_controller
from servicetorg.conversations.models import Conversation, Queue, QueueAddress
from servicetorg.inquiries.models import Inquiry

pytestmark = pytest.mark.e2e

MAIL = (b"From: Kari Nordmann <kari.nordmann@example.no>\r\nTo: servicetorget@sandefjord.kommune.no\r\n"
        b"Subject: =?utf-8?q?S=C3=B8ppeldunken_ble_ikke_t=C3=B8mt?=\r\nMessage-ID: <e2e-1@example.no>\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + "Hei,\r\n\r\nSøppeldunken vår ble ikke tømt i går. Kan dere komme igjen?\r\n\r\nMvh Kari\r\n".encode())


def test_an_email_is_answered_from_the_catalogue_and_closed(page, live_server, log_in, clerk, site, municipality,
                                                           service_renovasjon, settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    service_renovasjon.summary = "Meld fra om glemt tømming på nettsidene, så kommer bilen innen to virkedager."
    service_renovasjon.save()
    queue = Queue.objects.create(municipality=municipality, name="Servicetorget", site=site)
    QueueAddress.objects.create(municipality=municipality, queue=queue, address="servicetorget@sandefjord.kommune.no")

    port = free_port()
    controller = smtp_controller(host="127.0.0.1", port=port)
    controller.start()
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
            client.sendmail("kari.nordmann@example.no", ["servicetorget@sandefjord.kommune.no"], MAIL)
    finally:
        controller.stop()
        controller.handler.close()
    conversation = Conversation.objects.get()

    log_in(clerk, next_path="/inbox/")
    row = page.get_by_role("link", name=conversation.reference)
    expect(row).to_be_visible()
    assert_accessible(page)
    row.click()
    expect(page.locator("h1")).to_contain_text("Søppeldunken ble ikke tømt")
    assert_accessible(page)

    page.locator("[data-use-service]").first.click()
    assert "glemt tømming" in page.locator("#id_text").input_value()
    expect(page.locator("#id_close-service")).to_have_value(str(service_renovasjon.pk))
    page.locator("#id_text").press("End")
    page.keyboard.type("\nVennlig hilsen Servicetorget")
    page.get_by_role("button", name="Send svaret").click()
    expect(page.locator(".message.success")).to_be_visible()
    assert_accessible(page)

    page.locator("#id_close-service").select_option(str(service_renovasjon.pk))
    page.get_by_role("button", name="Lukk og logg").click()
    expect(page.locator(".message.success")).to_contain_text(conversation.reference)

    inquiry = Inquiry.objects.get()
    assert inquiry.channel == "email" and inquiry.service == service_renovasjon
    assert inquiry.received_at == conversation.first_message_at
    assert DailyRollup.objects.filter(channel="email").aggregate(n=Sum("in_time"))["n"] == 1

    sent = [message_from_bytes(path.read_bytes(), policy=policy.default) for path in sorted(tmp_path.iterdir())]
    answers = [m for m in sent if "glemt tømming" in m.get_body(preferencelist=("plain",)).get_content()]
    assert len(answers) == 1
    assert answers[0]["In-Reply-To"].strip()
    assert "<e2e-1@example.no>" in answers[0]["References"]
    assert conversation.reference in answers[0]["Subject"]
