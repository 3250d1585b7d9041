"""The parser over real-world mail: Outlook, Gmail, iPhone, forwarded, quoted-printable,
latin-1, encoded-word subjects, inline images, a bounce and an out-of-office."""

import pytest

from servicetorg.conversations.parse import MailError, mail_parse
from servicetorg.conversations.tests.conftest import eml


def test_it_reads_outlooks_quoted_printable_latin1():
    mail = mail_parse(eml("outlook.eml"))
    assert mail.subject == "Søppeldunken ble ikke tømt"
    assert mail.from_email == "kari.nordmann@outlook.com"
    assert mail.from_name == "Kari Nordmann"
    assert "Søppeldunken vår i Storgata 12 ble ikke tømt i dag, selv om det sto på" in mail.text
    assert mail.message_id.startswith("<AM6PR05MB5123") and not mail.auto


def test_it_reads_gmails_base64_and_sanitises_the_html():
    mail = mail_parse(eml("gmail.eml"))
    assert mail.subject == "Barnehageplass fra august"
    assert "barnehageplass til datteren vår (født 2024)" in mail.text
    assert "<script" not in mail.html and "alert" not in mail.html
    assert "tracker.example" not in mail.html  # no image that would call home when a clerk opens it
    assert "<div>" in mail.html


def test_it_takes_the_text_from_html_when_there_is_no_plain_part():
    mail = mail_parse(eml("inline_image.eml"))
    assert "Fakturaen for kommunale avgifter ser feil ut" in mail.text
    assert "steal" not in mail.text and "onclick" not in mail.html
    [image] = mail.attachments
    assert image.content_type == "image/png" and image.inline and image.content_id == "<shot1@firma.no>"
    assert image.data.startswith(b"\x89PNG")


def test_it_keeps_an_iphones_inline_photo():
    mail = mail_parse(eml("iphone.eml"))
    assert mail.subject == "Hull i veien"
    [photo] = mail.attachments
    assert photo.filename == "IMG_4021.jpeg" and photo.data.startswith(b"\xff\xd8")


def test_it_reads_latin1_8bit_and_encoded_words():
    mail = mail_parse(eml("latin1_plain.eml"))
    assert mail.subject == "Byggesøknad for garasje"
    assert mail.from_name == "Børre Åsheim"
    assert "garasje på 45 m² på tomta" in mail.text


def test_it_joins_mixed_encoded_words_in_the_subject():
    assert mail_parse(eml("encoded_subject_nynorsk.eml")).subject == "Søknad om sykjeheimsplass"


def test_it_reads_threading_headers():
    mail = mail_parse(eml("reply_gmail.eml"))
    assert mail.in_reply_to == "<CAKx7Zq1aBcDeFgHiJkLmNoPqRsTuVwXyZ=0123456789@mail.gmail.com>"
    assert mail.references == [mail.in_reply_to]


@pytest.mark.parametrize("name", ["dsn_bounce.eml", "out_of_office.eml"])
def test_it_marks_bounces_and_out_of_office_as_automatic(name):
    assert mail_parse(eml(name)).auto


def test_a_delivery_report_is_automatic_even_without_auto_submitted():
    raw = eml("dsn_bounce.eml").replace(b"Auto-Submitted: auto-replied\n", b"").replace(b"Return-Path: <>\n", b"")
    assert mail_parse(raw).auto_reason == "delivery status notification"


@pytest.mark.parametrize("raw", [b"", b"   \n", b"\x00\x01\x02garbage\xff\xfe" * 50, b"just some words\n"])
def test_it_refuses_what_is_not_an_email(raw):
    with pytest.raises(MailError):
        mail_parse(raw)


def test_an_unknown_charset_still_gives_the_text():
    raw = (b"From: a@example.no\nTo: servicetorget@sandefjord.kommune.no\nSubject: x\nMessage-ID: <u1@x>\n"
           b"Content-Type: text/plain; charset=x-unknown-42\n\nHei p\xe5 deg\n")
    assert mail_parse(raw).text == "Hei på deg"
