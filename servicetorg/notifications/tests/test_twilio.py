"""The Twilio provider against a stand-in HTTP server on loopback."""

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from servicetorg.notifications.models import NotificationChannel, NotificationStatus
from servicetorg.notifications.services import notification_deliver, notification_send


@pytest.fixture
def twilio(settings):
    received, answers = [], []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the name http.server calls
            length = int(self.headers["Content-Length"])
            received.append((self.path, self.headers["Authorization"],
                             urllib.parse.parse_qs(self.rfile.read(length).decode())))
            status = answers.pop(0) if answers else 201
            body = json.dumps({"sid": "SM123"} if status == 201 else {"message": "nope"}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.SMS_PROVIDER = "twilio"
    settings.SMS_TWILIO_API_BASE = f"http://127.0.0.1:{server.server_port}"
    settings.SMS_TWILIO_ACCOUNT_SID = "AC1"
    settings.SMS_TWILIO_AUTH_TOKEN = "secret"
    settings.SMS_SENDER = "Sandefjord"
    yield received, answers
    server.shutdown()


def _sms(municipality):
    return notification_send(municipality=municipality, channel=NotificationChannel.SMS, recipient="+4791234567",
                             body="Timen din er i morgen kl. 10", purpose="test")


def test_it_posts_the_message_to_twilio(municipality, twilio):
    received, _ = twilio
    notification = _sms(municipality)
    assert notification_deliver(notification_id=notification.pk) == NotificationStatus.SENT
    path, auth, form = received[0]
    assert path == "/2010-04-01/Accounts/AC1/Messages.json"
    assert auth.startswith("Basic ")
    assert form == {"To": ["+4791234567"], "From": ["Sandefjord"], "Body": ["Timen din er i morgen kl. 10"]}
    notification.refresh_from_db()
    assert notification.provider_reference == "SM123"


def test_a_refusal_is_tried_again(municipality, twilio):
    received, answers = twilio
    answers.append(503)
    notification = _sms(municipality)
    assert notification_deliver(notification_id=notification.pk) == NotificationStatus.PENDING
    notification.refresh_from_db()
    assert "503" in notification.last_error
    assert len(received) == 1
