"""The leader's dashboard reads the forwarding records for its deadline figures, and
forwarding keeps the dashboard's rollups true."""

import datetime as dt

import time_machine

from servicetorg.analytics.rollups import rollups_verify
from servicetorg.analytics.selectors import Filters, forwarded_deadline_figures
from servicetorg.forwarding import services
from servicetorg.forwarding.models import CloseOutcome
from servicetorg.forwarding.tests.conftest import WEDNESDAY_BEFORE_EASTER
from servicetorg.inquiries.models import Channel, Outcome
from servicetorg.inquiries.services import inquiry_create


def _forward(clerk, site, service, unit, **extra):
    inquiry = inquiry_create(by=clerk, site=site, channel=Channel.EMAIL, outcome=Outcome.ANSWERED, service=service)
    return services.inquiry_forward(inquiry=inquiry, unit=unit, by=clerk, message="Gjelder garasje.", **extra)


def test_it_counts_cases_closed_in_time_and_those_overdue_now(clerk, site, caseworker, service_byggesak,
                                                             byggesak, byggesak_rule, municipality):
    with time_machine.travel(WEDNESDAY_BEFORE_EASTER, tick=False):
        in_time, late, open_late = (_forward(clerk, site, service_byggesak, byggesak) for _ in range(3))
    assert in_time.due_at == dt.datetime(2026, 4, 7, 10, 0, tzinfo=WEDNESDAY_BEFORE_EASTER.tzinfo)
    with time_machine.travel(dt.datetime(2026, 4, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        services.forwarding_close(forwarding=in_time, by=caseworker, outcome=CloseOutcome.ANSWERED, message="Svar")
    with time_machine.travel(dt.datetime(2026, 4, 9, 9, 0, tzinfo=dt.UTC), tick=False):
        services.forwarding_close(forwarding=late, by=caseworker, outcome=CloseOutcome.ANSWERED, message="Svar")
        april = Filters(municipality.pk, dt.date(2026, 4, 1), dt.date(2026, 4, 30))
        figures = forwarded_deadline_figures(april)
        other_site = forwarded_deadline_figures(Filters(municipality.pk, dt.date(2026, 4, 1), dt.date(2026, 4, 30),
                                                        site_ids=(site.pk + 1000,)))
    assert figures == {"answered_in_time_share": 50.0, "closed": 2, "overdue_now": 1}
    assert open_late.status != "closed"
    assert other_site == {"answered_in_time_share": None, "closed": 0, "overdue_now": 0}


def test_forwarding_keeps_the_rollups_true(clerk, site, service_byggesak, byggesak, byggesak_rule, municipality):
    _forward(clerk, site, service_byggesak, byggesak)
    report = rollups_verify(municipality_id=municipality.pk)
    assert report.ok, report.mismatches
