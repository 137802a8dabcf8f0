"""The API's OpenAPI 3.1 description, written by hand (four endpoints), with
the limits the handlers enforce."""

from __future__ import annotations

from typing import Any

LIMITS = {
    "body": 65_536,  # bytes of a POST /api/check body
    "text": 10_000,  # characters of a source or a translation
    "query": 200,  # characters of a glossary search
    "results": 500,  # concepts in one answer
}


def error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def schema(targets: tuple[str, ...]) -> dict[str, Any]:
    """The document served at ``/api/openapi.json``."""
    term = {"type": "object", "properties": {"term": {"type": "string"},
                                             "status": {"enum": ["preferred", "admitted", "deprecated", "forbidden"]},
                                             "type": {"enum": ["fullForm", "acronym"]},
                                             "gender": {"type": ["string", "null"]}}}
    counts = {"type": "object", "properties": {name: {"type": "integer"} for name in (
        "translated", "fuzzy", "untranslated", "translated_words", "fuzzy_words", "untranslated_words")}
              | {"document": {"type": "string"}, "percent": {"type": "number"}}}
    unauthorized = error("a token is required (the service listens beyond this machine)")
    return {
        "openapi": "3.1.0",
        "info": {"title": "Localization service of the guide", "version": "1",
                 "description": "The glossary, the checker and the catalogs' progress, read-only. When the service "
                                "listens beyond 127.0.0.1, every request needs `Authorization: Bearer <token>`."},
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
                "Concept": {"type": "object", "properties": {
                    "id": {"type": "string"}, "url": {"type": "string"},
                    "definitions": {"type": "object", "additionalProperties": {"type": "string"}},
                    "terms": {"type": "object", "additionalProperties": {"type": "array", "items": term}},
                    "source": {"type": "string"}, "note": {"type": "string"},
                    "related": {"type": "array", "items": {"type": "string"}}}},
                "Finding": {"type": "object", "properties": {
                    "check": {"type": "string"}, "severity": {"enum": ["error", "warning"]},
                    "message": {"type": "string"}, "term": {"type": ["string", "null"]}}},
                "Counts": counts,
            },
        },
        "security": [{}, {"token": []}],
        "paths": {
            "/api/glossary": {"get": {
                "summary": "Search the glossary in every language (case and accents ignored)",
                "parameters": [
                    {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": LIMITS["query"]},
                     "description": "part of a term; empty: every concept"},
                    {"name": "limit", "in": "query",
                     "schema": {"type": "integer", "minimum": 1, "maximum": LIMITS["results"], "default": 50}}],
                "responses": {
                    "200": {"description": "the concepts found, best first", "content": {"application/json": {"schema": {
                        "type": "object", "properties": {"query": {"type": "string"}, "count": {"type": "integer"},
                                                         "concepts": {"type": "array", "items": {"$ref": "#/components/schemas/Concept"}}}}}}},
                    "401": unauthorized, "422": error("a parameter is too long or out of range")}}},
            "/api/check": {"post": {
                "summary": "Check one translated message against the glossary, as `pipeline check` does",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["source", "translation"], "additionalProperties": False,
                    "properties": {"source": {"type": "string", "minLength": 1, "maxLength": LIMITS["text"]},
                                   "translation": {"type": "string", "minLength": 1, "maxLength": LIMITS["text"]},
                                   "lang": {"enum": list(targets), "default": targets[0] if targets else None}}}}}},
                "responses": {
                    "200": {"description": "the findings (none: the translation passes)", "content": {"application/json": {"schema": {
                        "type": "object", "properties": {"lang": {"type": "string"},
                                                         "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}}}}}}},
                    "400": error("the body is not UTF-8 JSON"), "401": unauthorized,
                    "413": error(f"the body is larger than {LIMITS['body']} bytes"),
                    "415": error("the body is not application/json"),
                    "422": error("a field is missing, of the wrong type, empty, too long or unknown")}}},
            "/api/stats": {"get": {
                "summary": "Translated, fuzzy and untranslated messages and words per catalog and language",
                "responses": {"200": {"description": "the counts", "content": {"application/json": {"schema": {
                    "type": "object", "properties": {
                        "languages": {"type": "object", "additionalProperties": {"type": "object", "properties": {
                            "catalogs": {"type": "array", "items": {"$ref": "#/components/schemas/Counts"}},
                            "total": {"$ref": "#/components/schemas/Counts"}}}},
                        "problems": {"type": "array", "items": {"type": "string"}}}}}}},
                    "401": unauthorized}}},
            "/api/todo": {"get": {
                "summary": "The untranslated and fuzzy entries of each catalog",
                "responses": {"200": {"description": "the to-do list, as `python -m pipeline todo --format json` gives it"},
                              "401": unauthorized}}},
        },
    }
