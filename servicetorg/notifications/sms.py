"""Sending SMS: a small provider interface and the providers behind SMS_PROVIDER.

`file` (the development default) appends one JSON line per message to
SMS_FILE_PATH; `console` logs them; `locmem` keeps them in `outbox` (tests);
`twilio` posts them to Twilio's REST API. A provider raises SmsError when the
message was not accepted; the outbox then tries again later.
"""

import base64
import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SmsMessage:
    to: str  # E.164, e.g. +4791234567
    body: str
    reference: str  # ours, unique per message


class SmsError(Exception):
    pass


class SmsProvider(ABC):
    @abstractmethod
    def send(self, message: SmsMessage) -> str:
        """Hand the message over; return the provider's reference for it."""


class FileProvider(SmsProvider):
    def send(self, message: SmsMessage) -> str:
        path = Path(settings.SMS_FILE_PATH)
        path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps({**asdict(message), "sender": settings.SMS_SENDER, "at": timezone.now().isoformat()},
                          ensure_ascii=False)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
        return message.reference


class ConsoleProvider(SmsProvider):
    def send(self, message: SmsMessage) -> str:
        logger.info("SMS to %s (%s): %s", message.to, message.reference, message.body)
        return message.reference


outbox: list[SmsMessage] = []


class LocmemProvider(SmsProvider):
    def send(self, message: SmsMessage) -> str:
        outbox.append(message)
        return message.reference


class TwilioProvider(SmsProvider):
    """Twilio's Programmable Messaging API: POST .../Accounts/{sid}/Messages.json."""

    def send(self, message: SmsMessage) -> str:
        sid = settings.SMS_TWILIO_ACCOUNT_SID
        url = f"{settings.SMS_TWILIO_API_BASE.rstrip('/')}/2010-04-01/Accounts/{sid}/Messages.json"
        data = urllib.parse.urlencode({"To": message.to, "From": settings.SMS_SENDER, "Body": message.body})
        credentials = base64.b64encode(f"{sid}:{settings.SMS_TWILIO_AUTH_TOKEN}".encode()).decode()
        request = urllib.request.Request(  # noqa: S310 - the URL is our own setting, https in production
            url, data=data.encode(), method="POST",
            headers={"Authorization": f"Basic {credentials}", "Content-Type": "application/x-www-form-urlencoded"},
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.SMS_TIMEOUT) as response:  # noqa: S310
                answer = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            raise SmsError(f"the SMS provider answered {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            raise SmsError(f"the SMS provider could not be reached: {exc}") from exc
        return str(answer.get("sid", ""))


PROVIDERS: dict[str, type[SmsProvider]] = {
    "file": FileProvider, "console": ConsoleProvider, "locmem": LocmemProvider, "twilio": TwilioProvider,
}


def sms_provider() -> SmsProvider:
    return PROVIDERS[settings.SMS_PROVIDER]()
