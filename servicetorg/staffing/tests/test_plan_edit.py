import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from servicetorg.staffing.models import PlannedStaff
from servicetorg.staffing.services import staffing_plan_save


def test_the_leader_saves_a_plan(client_for, leader, site):
    url = reverse("staffing:plan-edit", args=[site.pk])
    client = client_for(leader)
    assert client.get(url).status_code == 200
    response = client.post(url, {"s_0_16": "3", "s_0_17": "2", "s_3_35": "1"})
    assert response.status_code == 302
    assert sorted(PlannedStaff.objects.values_list("weekday", "slot", "staff")) == [(0, 16, 3), (0, 17, 2),
                                                                                     (3, 35, 1)]
    client.post(url, {"s_0_16": "4"})
    assert list(PlannedStaff.objects.values_list("weekday", "slot", "staff")) == [(0, 16, 4)]


def test_a_negative_number_is_refused_and_nothing_changes(client_for, leader, site):
    staffing_plan_save(site=site, by=leader, staff={(0, 16): 2})
    response = client_for(leader).post(reverse("staffing:plan-edit", args=[site.pk]), {"s_0_16": "-1"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert list(PlannedStaff.objects.values_list("staff", flat=True)) == [2]


def test_another_municipality_s_site_is_not_found(client_for, leader, other_municipality):
    from servicetorg.organisation.models import Site

    foreign = Site.objects.create(municipality=other_municipality, name="Levanger", slug="levanger")
    assert client_for(leader).get(reverse("staffing:plan-edit", args=[foreign.pk])).status_code == 404


def test_the_service_checks_rights_and_values(clerk, leader, site):
    with pytest.raises(PermissionDenied):
        staffing_plan_save(site=site, by=clerk, staff={(0, 16): 1})
    with pytest.raises(ValidationError):
        staffing_plan_save(site=site, by=leader, staff={(0, 48): 1})
