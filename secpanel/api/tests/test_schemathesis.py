"""Property tests of the API against its own OpenAPI schema (schemathesis): generated requests
to every operation, as the public, as a body member and as the secretariat with read-write
tokens, over the demo data. No answer may be a server error, and every answer must be one the
schema documents, in the shape it documents. 1,800 cases in all (600 per reader),
deterministic."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from secpanel.api import services
from secpanel.api.models import TokenScope

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]

CASES_PER_READER = 600
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _schema():
    from django.test import Client

    loaded = schemathesis.openapi.from_dict(Client().get("/api/schema/?format=json").json())
    loaded.app = get_wsgi_application()
    return loaded


def _run(headers: dict[str, str]) -> dict:
    schema = _schema()
    operations = [op.ok() for op in schema.get_all_operations()]
    assert len(operations) >= 100
    seen: dict = {"cases": 0, "operations": set()}

    @given(case=schema.as_strategy())
    @settings(
        max_examples=CASES_PER_READER,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        seen["cases"] += 1
        seen["operations"].add(case.operation.label)
        case.call_and_validate(headers={**headers, "Host": "localhost"}, checks=CHECKS)

    check()
    return seen


def test_as_the_public():
    seen = _run({})
    assert seen["cases"] >= CASES_PER_READER


def test_as_a_member_with_a_read_write_token():
    from secpanel.accounts.models import User

    member = User.objects.get(username="ssc.member")
    _token, key = services.token_create(
        actor=member, user=member, name="schemathesis", scope=TokenScope.WRITE, days=1
    )
    seen = _run({"Authorization": f"Bearer {key}"})
    assert seen["cases"] >= CASES_PER_READER


def test_as_the_secretariat_with_a_read_write_token():
    """The writes get past the role check here: the forms meet generated bodies."""
    from secpanel.accounts.models import User

    secas = User.objects.get(username="secas")
    _token, key = services.token_create(
        actor=secas, user=secas, name="schemathesis", scope=TokenScope.WRITE, days=1
    )
    seen = _run({"Authorization": f"Bearer {key}"})
    assert seen["cases"] >= CASES_PER_READER
