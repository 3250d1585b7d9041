import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from servicetorg.analytics import services
from servicetorg.analytics.models import (
    SatisfactionDailyRollup,
    SatisfactionMonthlyRollup,
    SurveyResponse,
    SurveySource,
)
from servicetorg.analytics.rollups import rollups_verify
from servicetorg.inquiries import services as inquiry_services
from servicetorg.inquiries.models import Channel, Outcome


@pytest.fixture
def inquiry(frozen, clerk, site, service_renovasjon):
    return inquiry_services.inquiry_create(by=clerk, site=site, channel=Channel.EMAIL, outcome=Outcome.ANSWERED,
                                           service=service_renovasjon)


def test_the_survey_url_is_absolute_and_stable(inquiry, settings):
    settings.PUBLIC_BASE_URL = "https://sandefjord.example/"
    url = services.survey_url(inquiry=inquiry)
    assert url.startswith("https://sandefjord.example/survey/")
    assert services.survey_url(inquiry=inquiry) == url


def test_a_citizen_answers_once_by_the_link(client, inquiry):
    url = services.survey_url(inquiry=inquiry).split("8000", 1)[-1]
    assert client.get(url).status_code == 200
    response = client.post(url, {"score": "4", "comment": "Rask hjelp"})
    assert "Thank you" in response.content.decode() or "Takk" in response.content.decode()
    answer = SurveyResponse.objects.get()
    assert (answer.score, answer.channel, answer.area_code, answer.source) == (4, "email", "renovasjon",
                                                                                 SurveySource.LINK)
    row = SatisfactionDailyRollup.objects.get()
    assert (row.n, row.score_sum, row.satisfied) == (1, 4, 1)
    month = SatisfactionMonthlyRollup.objects.get()
    assert (month.month, month.n, month.score_sum, month.satisfied) == (row.day.replace(day=1), 1, 4, 1)
    client.post(url, {"score": "1"})
    assert SurveyResponse.objects.count() == 1
    with pytest.raises(ValidationError):
        services.survey_answer(token=inquiry.survey_invitation.token, score=2)
    assert rollups_verify().ok


def test_a_missing_score_shows_an_error(client, inquiry):
    url = services.survey_url(inquiry=inquiry).split("8000", 1)[-1]
    response = client.post(url, {"comment": "hei"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_an_unknown_token_is_not_found(client, db):
    assert client.get(reverse("survey:answer", args=["nope"])).status_code == 404


def test_the_kiosk_takes_answers_without_login_and_resets(client, frozen, site):
    url = reverse("survey:kiosk", args=[services.kiosk_token(site=site)])
    assert client.get(url).status_code == 200
    response = client.post(url, {"score": "5"})
    assert response.status_code == 302 and response.url == url
    answer = SurveyResponse.objects.get()
    assert (answer.site, answer.channel, answer.source, answer.area_code) == (site, Channel.WALK_IN,
                                                                              SurveySource.KIOSK, "")
    assert rollups_verify().ok


def test_a_forged_kiosk_address_is_not_found(client, site):
    assert client.get(reverse("survey:kiosk", args=[f"{site.pk}:forged"])).status_code == 404


def test_a_score_outside_1_to_5_is_refused(site):
    with pytest.raises(ValidationError):
        services.kiosk_answer(site=site, score=6)
    assert not SurveyResponse.objects.exists()


def test_the_leader_reads_comments_and_a_clerk_may_not(client_for, leader, clerk, site, frozen):
    services.kiosk_answer(site=site, score=2, comment="For lang kø")
    assert "For lang kø" in client_for(leader).get(reverse("analytics:survey-overview")).content.decode()
    assert client_for(clerk).get(reverse("analytics:survey-overview")).status_code == 403
