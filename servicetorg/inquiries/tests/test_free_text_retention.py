"""Quick-log notes and survey comments are erased after FREE_TEXT_RETENTION_DAYS."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from servicetorg.analytics.models import SurveyResponse
from servicetorg.analytics.services import survey_comments_erase_expired
from servicetorg.inquiries.models import Channel, Inquiry, Outcome
from servicetorg.inquiries.services import inquiry_create, inquiry_notes_erase_expired


def test_old_notes_are_erased_and_new_ones_kept(settings, clerk, site, service_renovasjon):
    settings.FREE_TEXT_RETENTION_DAYS = 30
    old = inquiry_create(by=clerk, site=site, channel=Channel.PHONE, outcome=Outcome.ANSWERED,
                         service=service_renovasjon, note="Spurte om henting")
    Inquiry.objects.filter(pk=old.pk).update(received_at=timezone.now() - dt.timedelta(days=31))
    new = inquiry_create(by=clerk, site=site, channel=Channel.PHONE, outcome=Outcome.ANSWERED,
                         service=service_renovasjon, note="Spurte om dunk")
    assert inquiry_notes_erase_expired() == 1
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.note == "" and new.note == "Spurte om dunk"
    assert Inquiry.objects.count() == 2  # the statistics stay


def test_old_survey_comments_are_erased(settings, site):
    settings.FREE_TEXT_RETENTION_DAYS = 30
    fields = {f.name for f in SurveyResponse._meta.get_fields()}
    extra = {"site": site} if "site" in fields else {}
    if "municipality" in fields:
        extra["municipality"] = site.municipality
    if "channel" in fields:
        extra["channel"] = Channel.COUNTER if hasattr(Channel, "COUNTER") else Channel.PHONE
    SurveyResponse.objects.create(score=4, comment="Hyggelig", answered_at=timezone.now() - dt.timedelta(days=40),
                                  **extra)
    assert survey_comments_erase_expired() == 1
    assert SurveyResponse.objects.get().comment == ""


def test_the_quicklog_refuses_a_note_with_a_phone_number(clerk, site, service_renovasjon):
    try:
        inquiry_create(by=clerk, site=site, channel=Channel.PHONE, outcome=Outcome.ANSWERED,
                       service=service_renovasjon, note="Kari Nordmann fnr 01019012345 tlf 99887766")
    except ValidationError as error:
        assert "note" in error.message_dict
    else:
        raise AssertionError("the note was accepted")
    assert not Inquiry.objects.exists()
