"""The permission matrix, walked through the URLs each role uses."""

import pytest
from django.urls import reverse

from servicetorg.accounts.models import Role
from servicetorg.accounts.perms import ROLE_CAPABILITIES, Cap, user_can

PAGES = {
    "quicklog": reverse("inquiries:quicklog"),
    "list": reverse("inquiries:inquiry-list"),
    "admin": reverse("admin:index"),
}
EXPECTED = {
    # persona: {page: status}
    "clerk": {"quicklog": 200, "list": 200, "admin": 302},
    "leader": {"quicklog": 200, "list": 200, "admin": 302},
    "caseworker": {"quicklog": 403, "list": 200, "admin": 302},
    "administrator": {"quicklog": 200, "list": 200, "admin": 200},
}


@pytest.mark.parametrize("persona", EXPECTED)
@pytest.mark.parametrize("page", PAGES)
def test_each_role_reaches_only_its_pages(request, client_for, persona, page):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(PAGES[page])
    assert response.status_code == EXPECTED[persona][page]


def test_the_admin_is_closed_to_staff_flagged_non_administrators(client_for, leader):
    leader.is_staff = True
    leader.save(update_fields=["is_staff"])
    assert client_for(leader).get(PAGES["admin"]).status_code == 302


def test_every_role_has_a_row_in_the_table():
    assert set(ROLE_CAPABILITIES) == set(Role.values)


def test_inactive_users_can_do_nothing(clerk):
    clerk.is_active = False
    assert not any(user_can(clerk, cap) for cap in Cap)


def test_the_home_page_sends_each_role_to_its_work(client_for, clerk, caseworker, leader):
    assert client_for(clerk).get("/")["Location"] == PAGES["quicklog"]
    # Caseworkers land on their unit inbox, not the inquiry list; leaders on the overview.
    assert client_for(caseworker).get("/")["Location"] == reverse("forwarding:inbox")
    assert client_for(leader).get("/")["Location"] == reverse("analytics:dashboard")


def test_the_menu_shows_only_what_the_role_may_use(client_for, caseworker, administrator):
    body = client_for(caseworker).get(PAGES["list"]).content.decode()
    assert PAGES["quicklog"] not in body
    assert PAGES["admin"] not in body
    body = client_for(administrator).get(PAGES["list"]).content.decode()
    assert PAGES["admin"] in body
