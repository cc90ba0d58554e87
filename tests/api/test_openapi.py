"""The OpenAPI document describes the API truthfully: schemathesis tries every operation."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance

from app.api.services import COLLECTIONS


def test_the_document_is_openapi_3_1_and_lists_every_collection(client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == {
        "/api/v1/",
        "/api/v1/openapi.json",
        *(f"/api/v1/{name}" for name in COLLECTIONS),
    }
    assert document["info"]["license"]["name"] == "Open Government Licence v3.0"
    assert {"StoryPage", "Story", "Error", "Hearing", "Record"} <= set(
        document["components"]["schemas"]
    )


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_generated_request_gets_a_5xx_or_a_response_off_its_schema(app, world, mode):
    app.config["RATELIMIT_API"] = "100000 per minute"
    try:
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) == len(COLLECTIONS) + 1, (
            "the index; schemathesis skips its own document"
        )
        for operation in operations:
            if mode == GenerationMode.NEGATIVE and not list(operation.iter_parameters()):
                continue  # nothing to get wrong in a request without parameters

            @settings(
                max_examples=25,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def conforms(case):
                # A page past the last one is schema-valid yet answered with 400, as
                # documented; every other check runs, the 5xx and schema checks among them.
                case.call_and_validate(excluded_checks=[positive_data_acceptance])

            conforms()
    finally:
        app.config["RATELIMIT_API"] = "120 per minute"
