"""Login attempts and second-factor devices of every municipality are for superusers only;
single sign-on groups are scoped to the administrator's municipality."""

import pytest

from servicetorg.accounts.models import Role
from servicetorg.security.models import OidcGroupMapping


@pytest.mark.parametrize("url", ["/admin/axes/accessattempt/", "/admin/otp_totp/totpdevice/",
                                 "/admin/otp_static/staticdevice/"])
def test_a_municipal_administrator_cannot_see_them(client_for, administrator, url):
    administrator.is_staff = True
    administrator.save(update_fields=["is_staff"])
    assert client_for(administrator).get(url).status_code in (403, 404)  # hidden either way


def test_sso_groups_are_scoped_to_the_municipality(client_for, administrator, municipality, other_municipality):
    from django.contrib.auth.models import Permission

    administrator.user_permissions.add(*Permission.objects.filter(codename__endswith="oidcgroupmapping"))
    OidcGroupMapping.objects.create(group="ours", municipality=municipality, role=Role.LEADER)
    OidcGroupMapping.objects.create(group="theirs", municipality=other_municipality, role=Role.ADMIN)
    body = client_for(administrator).get("/admin/security/oidcgroupmapping/").content.decode()
    assert "ours" in body and "theirs" not in body
