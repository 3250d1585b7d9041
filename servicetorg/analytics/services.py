"""Writes of the analytics app: satisfaction survey answers (by a link in the
receipt or on a counter tablet). Rollup upkeep lives in rollups.py."""

import datetime as dt
import secrets

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from servicetorg.analytics.models import SurveyInvitation, SurveyResponse, SurveySource
from servicetorg.analytics.rollups import rollups_apply_survey_response
from servicetorg.core.screening import free_text_screen
from servicetorg.inquiries.models import Channel, Inquiry
from servicetorg.organisation.models import Site

KIOSK_SALT = "servicetorg.analytics.kiosk"
COMMENT_MAX = 1000


def survey_invitation_get_or_create(*, inquiry: Inquiry) -> SurveyInvitation:
    invitation = SurveyInvitation.objects.filter(inquiry=inquiry).first()
    if invitation is None:
        with transaction.atomic():
            invitation, _created = SurveyInvitation.objects.get_or_create(
                inquiry=inquiry,
                defaults={"municipality_id": inquiry.municipality_id, "token": secrets.token_urlsafe(24)},
            )
    return invitation


def survey_url(*, inquiry: Inquiry) -> str:
    """The absolute survey link for an inquiry, for the receipt e-mail or SMS (one answer per link)."""
    invitation = survey_invitation_get_or_create(inquiry=inquiry)
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse("survey:answer", args=[invitation.token])


def kiosk_token(*, site: Site) -> str:
    """The secret part of a counter tablet's address: signed, so nobody can make one for a site."""
    return signing.dumps({"site": site.pk}, salt=KIOSK_SALT, compress=True)


def kiosk_site(token: str) -> Site | None:
    try:
        site_id = signing.loads(token, salt=KIOSK_SALT)["site"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
    return Site.objects.filter(pk=site_id, active=True).select_related("municipality").first()


def _clean(score, comment: str) -> tuple[int, str]:
    errors = {}
    if not isinstance(score, int) or not 1 <= score <= 5:
        errors["score"] = [_("Choose one of the five faces.")]
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        errors["comment"] = [_("The comment can be at most %(n)s characters.") % {"n": COMMENT_MAX}]
    elif comment:
        try:
            free_text_screen(comment, field="comment")
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return score, comment


def survey_answer(*, token: str, score: int, comment: str = "") -> SurveyResponse:
    """Record the answer to a survey link. A link takes one answer only."""
    score, comment = _clean(score, comment)
    with transaction.atomic():
        invitation = (SurveyInvitation.objects.select_for_update().select_related("inquiry")
                      .filter(token=token).first())
        if invitation is None:
            raise ValidationError(_("This survey link is not valid."))
        if invitation.answered_at is not None:
            raise ValidationError(_("This survey has already been answered. Thank you!"))
        inquiry = invitation.inquiry
        now = timezone.now()
        response = SurveyResponse.objects.create(
            municipality_id=inquiry.municipality_id, site_id=inquiry.site_id, channel=inquiry.channel,
            area_code=inquiry.area_id, source=SurveySource.LINK, invitation=invitation, score=score,
            comment="" if inquiry.sensitive else comment, answered_at=now,
        )
        invitation.answered_at = now
        invitation.save(update_fields=["answered_at"])
        rollups_apply_survey_response(response=response)
    return response


def kiosk_answer(*, site: Site, score: int, comment: str = "") -> SurveyResponse:
    """Record an answer given on the counter tablet of a site (a walk-in visit)."""
    score, comment = _clean(score, comment)
    with transaction.atomic():
        response = SurveyResponse.objects.create(
            municipality_id=site.municipality_id, site=site, channel=Channel.WALK_IN, area_code="",
            source=SurveySource.KIOSK, score=score, comment=comment, answered_at=timezone.now(),
        )
        rollups_apply_survey_response(response=response)
    return response


def survey_comments_erase_expired(*, now: dt.datetime | None = None) -> int:
    """Survey comments are erased FREE_TEXT_RETENTION_DAYS after the answer; the scores stay."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.FREE_TEXT_RETENTION_DAYS)
    return SurveyResponse.objects.filter(answered_at__lt=cutoff).exclude(comment="").update(comment="")
