"""Schemathesis over the whole REST API, against its own OpenAPI document, with
every check, for a token of each role: the API does what its schema says.

Each operation gets a bounded number of generated requests, valid by the schema
(they must be accepted) and invalid (they must be refused with a 4xx), then the
stateful run follows the schema's links (create an inquiry, then read it).
Every request runs in a savepoint that is rolled back, so one example never sees
another's writes (and the run never depends on the order hypothesis picks).
"""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode

from servicetorg.accounts.services import api_token_create
from servicetorg.bookings.models import AppointmentType, AvailabilityRule, Mode
from servicetorg.forwarding import services as forwarding_services
from servicetorg.inquiries.models import Channel, Outcome
from servicetorg.inquiries.services import inquiry_create
from servicetorg.wsgi import application

MAX_EXAMPLES = 30

# Operations whose acceptance depends on the database, not only on the request's shape: an id must name one of
# your municipality's objects (a site, a unit, an inquiry not yet forwarded, a forwarding still open), a cursor must
# come from the previous page, and a time lie within the last INQUIRY_MAX_AGE days. JSON Schema cannot say that, so
# for these a valid-by-the-schema request may also be refused with 400, which names the field and the reason (the
# schema documents each rule in the field's description). Every other check holds for them as for all operations.
DATA_DEPENDENT = {
    "POST /api/v1/inquiries", "GET /api/v1/inquiries", "POST /api/v1/forwarding", "GET /api/v1/forwarding/inbox",
    "POST /api/v1/forwarding/{reference}/reply", "POST /api/v1/forwarding/{reference}/close",
}


class _Rollback(Exception):
    pass


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Schemathesis calls the WSGI application itself, which sends request_started/finished: Django would
    close the test's database connection (and its transaction) there. Its own test client does the same."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(municipality, site, byggesak, barnevern, service_renovasjon, service_byggesak, clerk, leader,
           caseworker, administrator):
    inquiry = inquiry_create(by=clerk, site=site, channel=Channel.PHONE, outcome=Outcome.FORWARDED,
                             service=service_byggesak)
    forwarding_services.inquiry_forward(inquiry=inquiry, unit=byggesak, by=clerk, message="Ring tilbake",
                                        phone="91234567")
    kind = AppointmentType.objects.create(municipality=municipality, unit=byggesak, name="Forhåndskonferanse",
                                          slug="forhandskonferanse", minutes=45)
    AvailabilityRule.objects.create(municipality=municipality, caseworker=caseworker, unit=byggesak, site=site,
                                    mode=Mode.SITE, weekday=2, starts=dt.time(9), ends=dt.time(12),
                                    valid_from=timezone.localdate())
    assert kind.pk
    return {user.role: api_token_create(user=user, name="fuzz")[1] for user in (clerk, leader, caseworker,
                                                                                  administrator)}


def _run(operation, mode: GenerationMode, headers: dict, failures: list[str], label: str) -> None:
    name = f"{operation.method.upper()} {operation.path}"

    @hypothesis_settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=True,
                         phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def test(case):
        try:
            with transaction.atomic():
                response = case.call(headers=headers)
                excluded = []
                if name in DATA_DEPENDENT and mode == GenerationMode.POSITIVE and response.status_code == 400:
                    from schemathesis.specs.openapi.checks import positive_data_acceptance

                    excluded = [positive_data_acceptance]
                case.validate_response(response, excluded_checks=excluded, headers=headers)
                raise _Rollback
        except _Rollback:
            pass

    try:
        test()
    except Exception as error:  # noqa: BLE001 - each operation's failure is collected and reported together
        failures.append(f"{label} {mode.value} {name}: {error!s:.1500}")


@pytest.mark.parametrize("role", ["frontline", "leader", "caseworker", "admin"])
def test_schemathesis_finds_nothing(role, tokens, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Thousands of requests from one test client: the per-address limit (tested in security) would answer 429.
    settings.RATELIMIT_ENABLE = False
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    headers = {"Authorization": f"Bearer {tokens[role]}"}
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        public = not operation.definition.raw.get("security")
        # The public operations answer every role alike, and bad input is refused before the role matters:
        # those run once, with the first role; the rest with valid data for every role.
        if public and role != "frontline":
            continue
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            if mode == GenerationMode.NEGATIVE and role != "frontline":
                continue
            _run(operation, mode, headers, failures, role)
    assert not failures, "\n\n".join(failures)


def test_the_stateful_run_follows_the_links(tokens, settings):
    settings.RATELIMIT_ENABLE = False  # as above
    """Log an inquiry, then read it; forward one, then read, reply to and close it (the schema's links)."""
    from hypothesis.stateful import run_state_machine_as_test

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    links = {name for path in schema.raw_schema["paths"].values() for op in path.values() if isinstance(op, dict)
             for response in op.get("responses", {}).values() for name in response.get("links", {})}
    assert {"ReadInquiry", "forwarding_status", "forwarding_reply", "forwarding_close"} <= links
    headers = {"Authorization": f"Bearer {tokens['leader']}"}

    class Workflow(schema.as_state_machine()):
        def get_call_kwargs(self, case):
            return {"headers": headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            from schemathesis.specs.openapi.checks import positive_data_acceptance

            name = f"{case.operation.method.upper()} {case.operation.path}"
            excluded = [positive_data_acceptance] if name in DATA_DEPENDENT and response.status_code == 400 else []
            case.validate_response(response, excluded_checks=excluded, headers=headers, recorder=self.recorder)

    run_state_machine_as_test(Workflow, settings=hypothesis_settings(
        max_examples=10, stateful_step_count=4, deadline=None, database=None, derandomize=True,
        suppress_health_check=list(HealthCheck)))
