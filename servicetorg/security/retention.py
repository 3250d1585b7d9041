"""Free text is erased on a schedule, like contact details: quick-log notes
FREE_TEXT_RETENTION_DAYS after the inquiry, survey comments the same after the
answer. The anonymous counts stay for the statistics."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from servicetorg.analytics.models import SurveyResponse
from servicetorg.inquiries.models import Inquiry


def free_text_erase_expired(*, now: dt.datetime | None = None) -> dict[str, int]:
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.FREE_TEXT_RETENTION_DAYS)
    # One UPDATE each: no row is loaded, and the rollups do not read the text.
    notes = Inquiry.objects.filter(received_at__lt=cutoff).exclude(note="").update(note="")
    comments = SurveyResponse.objects.filter(answered_at__lt=cutoff).exclude(comment="").update(comment="")
    return {"notes": notes, "comments": comments}
