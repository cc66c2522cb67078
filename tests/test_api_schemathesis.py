"""Schemathesis over the OpenAPI schema: no server error and no answer outside the schema.

Bounded for CI: a few derandomized examples per operation, the app in-process over the
real embedded store with the samples, the ingest and Cypher endpoints keyed so that
generated requests reach them.
"""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.checks import not_a_server_error

from api.app import create_app
from api.settings import Settings


@pytest.fixture(scope="module")
def api_schema(parsed_samples, tmp_path_factory):
    from graph.ladybug_store import LadybugStore

    path = tmp_path_factory.mktemp("schemathesis") / "db"
    with LadybugStore(path) as store:
        store.write_documents(parsed_samples)
    app = create_app(Settings(db_path=path, api_key="k", max_upload_bytes=50_000))
    with TestClient(app):  # runs the lifespan: the store stays open while the cases run
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]


def test_no_server_error_and_no_schema_violation(api_schema):
    # Each operation in turn, not schemathesis's pytest plugin: one test keeps the store fixture simple.
    failures, operations = [], 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        if operation.path.startswith("/viz"):
            continue  # the graph browser's HTML pages are viz/'s to test
        operations += 1

        @given(case=operation.as_strategy())
        @settings(max_examples=8, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            case.call_and_validate(checks=CHECKS)

        try:
            run()
        except Exception as exc:  # collect every operation's failure, then report them together
            failures.append(f"{operation.label}: {str(exc)[:2000]}")
    assert operations >= 24
    assert not failures, "\n\n".join(failures)
