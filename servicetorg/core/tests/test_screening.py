"""Free text is screened for national identity numbers and phone numbers."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from servicetorg.core.screening import free_text_screen, personal_data_in

VALID_FNR = "01019010046"  # a made-up number with a valid date and check digits


@pytest.mark.parametrize("text", [
    f"fnr {VALID_FNR}", "fnr 010190 10046", "fnr 010190 100 46", "fnr 010190.10046", f"({VALID_FNR})",
])
def test_it_finds_a_national_identity_number(text):
    assert personal_data_in(text) == ["national_id"]


@pytest.mark.parametrize("text", [
    "fnr 01019012345",  # wrong check digits: not a number anyone has
    "saksnr 2025/0101901004612",  # eleven digits inside a longer run
    "Faktura 1500 kr, forfall 12. mai 2025",
    "orgnr 998 877 660",
    "Spurte om renovasjon, henvist til nettsiden",
])
def test_it_lets_ordinary_text_through(text):
    assert personal_data_in(text) == []


@pytest.mark.parametrize("text", ["tlf 99887766", "ring 99 88 77 66", "tlf 998 87 766", "+46 70 123 45 67",
                                  "sentralbord 33 41 60 00"])
def test_it_finds_a_phone_number(text):
    assert personal_data_in(text) == ["phone"]


def test_the_review_finding_is_refused_with_both_reasons():
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        free_text_screen(f"Kari Nordmann fnr {VALID_FNR} tlf 99887766", field="note")
    reasons = caught.value.message_dict["note"]
    assert len(reasons) == 2
    assert "national identity number" in reasons[0]
    assert "phone number" in reasons[1]


def test_clean_text_comes_back_unchanged():
    assert free_text_screen("Spurte om byggesak", field="note") == "Spurte om byggesak"


def test_the_reviews_exact_note_is_refused():
    with pytest.raises(ValidationError):
        free_text_screen("Kari Nordmann fnr 01019012345 tlf 99887766", field="note")


def test_the_reason_is_in_bokmal_by_default():
    with translation.override("nb"), pytest.raises(ValidationError) as caught:
        free_text_screen(f"fnr {VALID_FNR}", field="note")
    assert "fødselsnummer" in caught.value.message_dict["note"][0]
