"""POST /api/v1/catalogue/suggest: a whole message, the search's result shape."""

import pytest

from servicetorg.catalogue.message import message_core

URL = "/api/v1/catalogue/suggest"


@pytest.mark.django_db
def test_a_whole_email_finds_its_service(client, municipality, service_renovasjon, service_byggesak):
    text = ("Hei!\n\nSøppeldunken vår ble ikke tømt på fredag.\n\nMed vennlig hilsen\nOla Nordmann\n"
            "Byggmester Nordmann AS – garasje, tilbygg og terrasse\n")
    response = client.post(URL, {"text": text, "limit": 2}, content_type="application/json")
    assert response.status_code == 200
    results = response.json()["results"]
    assert results[0]["slug"] == "tomming-avfall" and results[0]["area"] == "renovasjon"
    assert set(results[0]) >= {"id", "slug", "name", "area", "step", "handling", "forward_to", "url", "score"}


@pytest.mark.django_db
@pytest.mark.parametrize("body,field", [({"text": ""}, "text"), ({"text": "x" * 10_001}, "text"),
                                        ({"limit": 3}, "text"), ({"text": "hei", "limit": 0}, "limit")])
def test_bad_input_is_a_400_naming_the_field(client, municipality, body, field):
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field


def test_greetings_signatures_quotes_and_disclaimers_are_stripped():
    text = ("Hei,\n\nkan jeg få utsatt betalingen av eiendomsskatten?\n\nMvh\nKari\nTlf 99 88 77 66\n\n"
            "Denne e-posten kan inneholde konfidensiell informasjon.\n\n"
            "Den 3. mars 2026 kl. 10:00 skrev Servicetorget <post@kommune.no>:\n> Hei, takk for henvendelsen")
    assert message_core(text) == "kan jeg få utsatt betalingen av eiendomsskatten?"


def test_english_mail_is_stripped_too():
    text = "Dear Sir or Madam,\n\nHow do I register a new address in the municipality?\n\nKind regards,\nJohn\n" \
           "Sent from my iPhone"
    assert message_core(text) == "How do I register a new address in the municipality?"
