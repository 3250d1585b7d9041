"""The survey forms are limited per address: guessing links or flooding the counter
tablet gets 429 with Retry-After."""

from django.urls import reverse

from servicetorg.analytics import services


def test_survey_answers_are_limited_per_address(settings, client, db):
    settings.RATELIMIT_PUBLIC_FORMS = "2/h"
    url = reverse("survey:answer", args=["not-a-real-token"])
    for _ in range(2):
        assert client.post(url, {"score": 5}, REMOTE_ADDR="10.0.0.9").status_code != 429
    response = client.post(url, {"score": 5}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_the_counter_tablet_has_its_own_higher_limit(settings, client, site):
    settings.RATELIMIT_PUBLIC_FORMS = "1/h"
    settings.RATELIMIT_KIOSK = "3/h"
    url = reverse("survey:kiosk", args=[services.kiosk_token(site=site)])
    assert [client.post(url, {"score": 4}).status_code != 429 for _ in range(3)] == [True, True, True]
    assert client.post(url, {"score": 4}).status_code == 429
