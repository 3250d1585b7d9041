from django.urls import reverse

from conftest import PASSWORD

URL = reverse("accounts:login")


def test_it_logs_in_and_goes_to_the_quicklog(client, clerk):
    response = client.post(URL, {"username": "clerk", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("inquiries:quicklog")


def test_it_says_clearly_when_the_password_is_wrong(client, clerk):
    response = client.post(URL, {"username": "clerk", "password": "wrong"})
    assert response.status_code == 200
    assert "Feil brukernavn eller passord" in response.content.decode()


def test_it_speaks_bokmal_whatever_the_browser_asks_for(client):
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="nb">' in response.content.decode()
    assert "Logg inn" in response.content.decode()


def test_it_switches_to_english_on_request(client):
    client.post(reverse("set_language"), {"language": "en", "next": URL})
    response = client.get(URL)
    assert '<html lang="en">' in response.content.decode()
    assert "Log in" in response.content.decode()


def test_it_switches_to_nynorsk_on_request(client):
    client.post(reverse("set_language"), {"language": "nn", "next": URL})
    assert '<html lang="nn">' in client.get(URL).content.decode()


def test_it_logs_out(client_for, clerk):
    client = client_for(clerk)
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("inquiries:quicklog")).status_code == 302
