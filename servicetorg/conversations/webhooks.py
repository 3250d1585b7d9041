"""SMS in: the provider's webhook, POST /hooks/sms/<provider>/.

- `twilio`: Twilio's documented scheme. X-Twilio-Signature is base64(HMAC-SHA1(auth token,
  the full URL + each POST parameter name and value, sorted by name)).
- `generic`: JSON {"from", "to", "text", "id"} for Norwegian gateways, signed with
  X-Signature: hex(HMAC-SHA256(SMS_WEBHOOK_SECRET, raw body)), optionally prefixed "sha256=".

A forged or missing signature is a 403 with a reason; bad input a 400 naming the field.
"""

import base64
import hashlib
import hmac
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from servicetorg.conversations.services import sms_receive
from servicetorg.notifications.services import phone_normalise

TEXT_MAX = 2000


def twilio_signature(*, token: str, url: str, params: dict[str, str]) -> str:
    payload = url + "".join(f"{key}{params[key]}" for key in sorted(params))
    digest = hmac.new(token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def generic_signature(*, secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _errors(status: int, field: str | None, reason: str) -> JsonResponse:
    return JsonResponse({"errors": [{"field": field, "reason": reason}]}, status=status)


def _number(raw: str) -> str:
    try:
        return phone_normalise(raw)
    except ValidationError:
        return raw.strip()[:30]  # a short code or an alphanumeric sender: keep it as it came


def _receive(from_number: str, to_number: str, text: str, provider_id: str):
    from_number, to_number, text, provider_id = (v.replace("\x00", "") for v in (from_number, to_number, text,
                                                                                  provider_id))
    if not from_number:
        return _errors(400, "from", _("The sender's number is missing."))
    if not text.strip():
        return _errors(400, "text", _("The message has no text."))
    try:
        sms_receive(from_number=_number(from_number), to_number=_number(to_number) if to_number else "",
                    text=text[:TEXT_MAX], provider_id=provider_id[:100])
    except ValidationError as error:
        field, reasons = next(iter(error.message_dict.items()))
        return _errors(400, field.lower(), reasons[0])
    return None


@csrf_exempt
@require_POST
def sms_webhook(request: HttpRequest, provider: str) -> HttpResponse:
    if provider == "twilio":
        token = settings.SMS_WEBHOOK_TWILIO_TOKEN
        if not token:
            return _errors(404, None, _("This webhook is not configured."))
        params = {key: request.POST.get(key, "") for key in request.POST}
        expected = twilio_signature(token=token, url=request.build_absolute_uri(), params=params)
        if not hmac.compare_digest(expected, request.headers.get("X-Twilio-Signature", "")):
            return _errors(403, "X-Twilio-Signature", _("The signature does not match."))
        failed = _receive(params.get("From", ""), params.get("To", ""), params.get("Body", ""),
                          params.get("MessageSid", ""))
        if failed:
            return failed
        return HttpResponse('<?xml version="1.0" encoding="UTF-8"?><Response></Response>', content_type="text/xml")
    if provider == "generic":
        secret = settings.SMS_WEBHOOK_SECRET
        if not secret:
            return _errors(404, None, _("This webhook is not configured."))
        given = request.headers.get("X-Signature", "").removeprefix("sha256=")
        if not hmac.compare_digest(generic_signature(secret=secret, body=request.body), given):
            return _errors(403, "X-Signature", _("The signature does not match."))
        try:
            data = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            return _errors(400, None, _("The request body is not valid JSON."))
        fields = ("from", "to", "text", "id")
        if not isinstance(data, dict) or not all(isinstance(data.get(k, ""), str) for k in fields):
            return _errors(400, None, _("Send a JSON object with from, to, text and id as strings."))
        failed = _receive(data.get("from", ""), data.get("to", ""), data.get("text", ""), data.get("id", ""))
        return failed or JsonResponse({"status": "received"})
    return _errors(404, "provider", _("Unknown SMS provider."))
