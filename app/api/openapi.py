"""The OpenAPI 3.1 document for the open-data API, built from the response models."""

from functools import cache

from pydantic.json_schema import models_json_schema

from app.api import schemas
from app.api.params import MAX_PER_PAGE, PER_PAGE
from app.api.services import COLLECTIONS
from app.content import CAPABILITY_NUMBERS, LOCALITY_SLUGS
from app.i18n import LOCALES

REF = "#/components/schemas/{model}"

PARAMETERS = {
    "page": {
        "name": "page",
        "in": "query",
        "description": "The page to return, from 1. A page past the last one is an error.",
        "schema": {"type": "integer", "minimum": 1, "default": 1},
    },
    "per_page": {
        "name": "per_page",
        "in": "query",
        "description": f"Items per page. Values above {MAX_PER_PAGE} are lowered to "
        f"{MAX_PER_PAGE}.",
        "schema": {"type": "integer", "minimum": 1, "default": PER_PAGE},
    },
    "capability": {
        "name": "capability",
        "in": "query",
        "description": "Only items tied to this capability.",
        "schema": {"type": "integer", "enum": list(CAPABILITY_NUMBERS)},
    },
    "locality": {
        "name": "locality",
        "in": "query",
        "description": "Only items from this locality.",
        "schema": {"type": "string", "enum": list(LOCALITY_SLUGS)},
    },
    "updated_since": {
        "name": "updated_since",
        "in": "query",
        "description": "Only items changed at or after this moment (RFC 3339; UTC if no "
        "offset is given).",
        "schema": {"type": "string", "format": "date-time"},
    },
    "lang": {
        "name": "lang",
        "in": "query",
        "description": "The language of the texts; those not yet translated come in English "
        "and say so in their `language` field.",
        "schema": {"type": "string", "enum": list(LOCALES)},
    },
}

CACHING_HEADERS = {
    "ETag": {"description": "A tag for this exact response.", "schema": {"type": "string"}},
    "Last-Modified": {
        "description": "When anything in the collection last changed.",
        "schema": {"type": "string"},
    },
}


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": REF.format(model="Error")}}},
    }


def _operation(name: str) -> dict:
    collection = COLLECTIONS[name]
    page_schema = schemas.COLLECTIONS[collection.schema.__name__][1]
    parameters = ["page", "per_page", *sorted(collection.parameters)]
    return {
        "get": {
            "operationId": f"list_{name}",
            "summary": collection.description,
            "parameters": [PARAMETERS[p] for p in parameters],
            "responses": {
                "200": {
                    "description": "One page of the collection, sorted by id.",
                    "headers": CACHING_HEADERS,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": REF.format(model=page_schema.__name__)}
                        }
                    },
                },
                "304": {"description": "Not modified since the tag or time the client sent."},
                "400": _error("A parameter is unknown, repeated or not valid."),
                "429": _error("Too many requests: wait and try again."),
            },
        }
    }


def _plain_get(operation_id: str, summary: str, schema: dict) -> dict:
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "responses": {
                "200": {
                    "description": summary,
                    "headers": {"ETag": CACHING_HEADERS["ETag"]},
                    "content": {"application/json": {"schema": schema}},
                },
                "304": {"description": "Not modified since the tag the client sent."},
                "429": _error("Too many requests: wait and try again."),
            },
        }
    }


@cache
def document() -> dict:
    models = [(schemas.Error, "serialization"), (schemas.Index, "serialization")] + [
        (page, "serialization") for _item, page in schemas.COLLECTIONS.values()
    ]
    _, definitions = models_json_schema(models, ref_template=REF)
    paths = {
        "/api/v1/": _plain_get(
            "index", "Where each collection is.", {"$ref": REF.format(model="Index")}
        ),
        "/api/v1/openapi.json": _plain_get(
            "openapi", "This document.", {"type": "object", "required": ["openapi", "paths"]}
        ),
        **{f"/api/v1/{name}": _operation(name) for name in COLLECTIONS},
    }
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "Shifting Power open data",
            "version": "1.0.0",
            "description": (
                "What residents, panels, hearings and public services in Greater Manchester "
                "have done for each of the ten capabilities. Only published, public content "
                "is included. Responses carry ETag and Last-Modified and answer conditional "
                "requests with 304."
            ),
            "license": {
                "name": "Open Government Licence v3.0",
                "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
            },
        },
        "paths": paths,
        "components": {"schemas": definitions["$defs"]},
    }
