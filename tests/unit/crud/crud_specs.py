"""Small OpenAPI documents with resources, shared by the CRUD unit and integration tests."""

from __future__ import annotations

from typing import Any

from tests.conftest import openapi

NOT_FOUND = {
    "description": "No such item.",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["message"],
                "properties": {"message": {"type": "string"}},
            }
        }
    },
}


def _json(schema: dict[str, Any], description: str = "ok") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _param(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": schema}


def _query(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": schema}


PET = {
    "type": "object",
    "required": ["id", "name", "createdAt"],
    "properties": {
        "id": {"type": "integer", "minimum": 1, "readOnly": True},
        "name": {"type": "string", "minLength": 1, "maxLength": 30},
        "tag": {"type": "string", "maxLength": 20},
        "status": {"type": "string", "enum": ["available", "sold"]},
        "secret": {"type": "string", "writeOnly": True},
        "createdAt": {"type": "string", "format": "date-time", "readOnly": True},
    },
}


def pets_api(*, list_schema: dict[str, Any] | None = None) -> dict[str, Any]:
    """Petstore-like: integer ids, readOnly id and timestamp, Location, merge patch, paging."""
    item = {"parameters": [_param("petId", {"type": "integer", "minimum": 1})]}
    return openapi(
        {
            "/pets": {
                "get": {
                    "operationId": "listPets",
                    "parameters": [
                        _query("limit", {"type": "integer", "minimum": 0, "default": 20}),
                        _query("offset", {"type": "integer", "minimum": 0}),
                        _query("status", {"type": "string", "enum": ["available", "sold"]}),
                    ],
                    "responses": {
                        "200": {
                            **_json(list_schema or {"type": "array", "items": _ref("Pet")}),
                            "headers": {"X-Total-Count": {"schema": {"type": "integer"}}},
                        }
                    },
                },
                "post": {
                    "operationId": "createPet",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": _ref("Pet")}},
                    },
                    "responses": {
                        "201": {
                            **_json(_ref("Pet")),
                            "headers": {"Location": {"schema": {"type": "string"}}},
                        }
                    },
                },
            },
            "/pets/{petId}": {
                **item,
                "get": {
                    "operationId": "getPet",
                    "responses": {"200": _json(_ref("Pet")), "404": NOT_FOUND},
                },
                "put": {
                    "operationId": "replacePet",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": _ref("Pet")}},
                    },
                    "responses": {"200": _json(_ref("Pet")), "404": NOT_FOUND},
                },
                "patch": {
                    "operationId": "updatePet",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/merge-patch+json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "name": {"type": "string", "minLength": 1},
                                        "tag": {"type": ["string", "null"]},
                                        "status": {"type": "string", "enum": ["available", "sold"]},
                                    },
                                }
                            },
                            "application/json": {"schema": {"type": "object"}},
                            "application/json-patch+json": {
                                "schema": {"type": "array", "items": {"type": "object"}}
                            },
                        },
                    },
                    "responses": {"200": _json(_ref("Pet")), "404": NOT_FOUND},
                },
                "delete": {
                    "operationId": "deletePet",
                    "responses": {"204": {"description": "gone"}, "404": NOT_FOUND},
                },
            },
            "/pets/{petId}/photo": {
                **item,
                "get": {
                    "operationId": "getPhoto",
                    "responses": {"200": _json({"type": "object"}), "404": NOT_FOUND},
                },
            },
        },
        components={"schemas": {"Pet": PET}},
    )


def blog_api() -> dict[str, Any]:
    """Nested resources: ``/users/{id}/posts/{postId}``, scoped by the user."""
    user = {
        "type": "object",
        "required": ["id", "name"],
        "properties": {
            "id": {"type": "integer", "readOnly": True},
            "name": {"type": "string", "minLength": 1},
        },
    }
    post = {
        "type": "object",
        "required": ["id", "title"],
        "properties": {
            "id": {"type": "integer", "readOnly": True},
            "title": {"type": "string", "minLength": 1},
            "userId": {"type": "integer", "readOnly": True},
        },
    }
    user_id = [_param("id", {"type": "integer"})]
    return openapi(
        {
            "/users": {
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": _ref("User")}}},
                    "responses": {"201": _json(_ref("User"))},
                },
            },
            "/users/{id}": {
                "parameters": user_id,
                "get": {"responses": {"200": _json(_ref("User")), "404": NOT_FOUND}},
                "delete": {"responses": {"204": {"description": "gone"}, "404": NOT_FOUND}},
            },
            "/users/{id}/posts": {
                "parameters": user_id,
                "get": {
                    "responses": {
                        "200": _json({"type": "array", "items": _ref("Post")}),
                        "404": NOT_FOUND,
                    }
                },
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": _ref("Post")}}},
                    "responses": {"201": _json(_ref("Post")), "404": NOT_FOUND},
                },
            },
            "/users/{id}/posts/{postId}": {
                "parameters": [*user_id, _param("postId", {"type": "integer"})],
                "get": {"responses": {"200": _json(_ref("Post")), "404": NOT_FOUND}},
            },
        },
        components={"schemas": {"User": user, "Post": post}},
    )


def keyed_api() -> dict[str, Any]:
    """String ids: client-chosen slugs (created by PUT) and server-assigned uuids."""
    article = {
        "type": "object",
        "required": ["slug", "title"],
        "properties": {
            "slug": {"type": "string", "pattern": "^[a-z0-9-]{2,40}$"},
            "title": {"type": "string"},
        },
    }
    order = {
        "type": "object",
        "required": ["id", "item"],
        "properties": {
            "id": {"type": "string", "format": "uuid", "readOnly": True},
            "item": {"type": "string", "minLength": 1},
        },
    }
    slug = [_param("slug", {"type": "string", "pattern": "^[a-z0-9-]{2,40}$"})]
    return openapi(
        {
            "/articles/{slug}": {
                "parameters": slug,
                "get": {"responses": {"200": _json(_ref("Article")), "404": NOT_FOUND}},
                "put": {
                    "requestBody": {"content": {"application/json": {"schema": _ref("Article")}}},
                    "responses": {"200": _json(_ref("Article")), "201": _json(_ref("Article"))},
                },
                "delete": {"responses": {"204": {"description": "gone"}}},
            },
            "/orders": {
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": _ref("Order")}}},
                    "responses": {"201": _json(_ref("Order"))},
                },
            },
            "/orders/{orderId}": {
                "parameters": [_param("orderId", {"type": "string", "format": "uuid"})],
                "get": {"responses": {"200": _json(_ref("Order"))}},
            },
            "/reports/{reportId}": {
                "parameters": [_param("reportId", {"type": "string"})],
                "get": {"responses": {"200": _json({"type": "object"})}},
            },
        },
        components={"schemas": {"Article": article, "Order": order}},
    )


def envelope_api() -> dict[str, Any]:
    """A list wrapped in an envelope, paged with ``page``/``per_page``."""
    thing = {
        "type": "object",
        "required": ["id", "label"],
        "properties": {
            "id": {"type": "integer", "readOnly": True},
            "label": {"type": "string"},
        },
    }
    page = {
        "type": "object",
        "required": ["data", "total", "page"],
        "properties": {
            "data": {"type": "array", "items": _ref("Thing"), "maxItems": 50},
            "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "next": {"type": "string"},
        },
        "additionalProperties": False,
    }
    return openapi(
        {
            "/things": {
                "get": {
                    "parameters": [
                        _query("page", {"type": "integer", "minimum": 1, "default": 1}),
                        _query("per_page", {"type": "integer", "minimum": 1, "default": 2}),
                    ],
                    "responses": {"200": _json(page)},
                },
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": _ref("Thing")}}},
                    "responses": {"201": _json(_ref("Thing"))},
                },
            },
            "/things/{thingId}": {
                "parameters": [_param("thingId", {"type": "integer"})],
                "get": {"responses": {"200": _json(_ref("Thing"))}},
            },
        },
        components={"schemas": {"Thing": thing}},
    )
