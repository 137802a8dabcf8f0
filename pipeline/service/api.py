"""The JSON API: thin handlers over ``data`` and the checker, with every
input validated (types, sizes): bad input is a 4xx with one clear message."""

from __future__ import annotations

import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse

from pipeline import check, pofile
from pipeline.service import data
from pipeline.service.openapi import LIMITS, schema
from pipeline.service.state import State

CHECK_FIELDS = {"source", "translation", "lang"}


def state(request: Request) -> State:
    value: State = request.app.state.service
    return value


def text_parameter(request: Request, name: str, limit: int) -> str:
    value = request.query_params.get(name, "")
    if len(value) > limit:
        raise HTTPException(422, f"{name}: at most {limit} characters")
    return value


def int_parameter(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
        raise HTTPException(422, f"{name}: a whole number from {low} to {high}")
    return int(raw)


async def glossary(request: Request) -> JSONResponse:
    """GET /api/glossary?q=&limit=: the concepts whose terms (English or Spanish) contain q."""
    query = text_parameter(request, "q", LIMITS["query"])
    limit = int_parameter(request, "limit", 50, 1, LIMITS["results"])
    service = state(request)
    found, _ = await run_in_threadpool(data.glossary, service.project, service.memo)
    concepts = data.search(found, query, service.project.languages)
    return JSONResponse({"query": query, "count": len(concepts),
                         "concepts": [data.concept_data(concept, service.project.languages) for concept in concepts[:limit]]})


async def read_body(request: Request, limit: int) -> bytes:
    """The request's body, refused (413) as soon as it is longer than ``limit``."""
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"the body is larger than {limit} bytes")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise HTTPException(413, f"the body is larger than {limit} bytes")
    return body


def json_object(body: bytes) -> dict[str, Any]:
    try:
        value = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise HTTPException(400, "the body is not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise HTTPException(400, f"the body is not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise HTTPException(400, "the body is nested too deeply") from None
    if not isinstance(value, dict):
        raise HTTPException(422, "the body must be a JSON object: {\"source\": ..., \"translation\": ..., \"lang\": ...}")
    return value


def string_field(value: dict[str, Any], name: str, limit: int) -> str:
    if name not in value:
        raise HTTPException(422, f"{name}: required")
    text = value[name]
    if not isinstance(text, str):
        raise HTTPException(422, f"{name}: must be a string")
    if not text.strip():
        raise HTTPException(422, f"{name}: must not be empty")
    if len(text) > limit:
        raise HTTPException(422, f"{name}: at most {limit} characters")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise HTTPException(422, f"{name}: not valid Unicode (a lone surrogate)") from None
    return text


async def check_message(request: Request) -> JSONResponse:
    """POST /api/check: the checker's findings on one message and its translation."""
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise HTTPException(415, "send the message as application/json")
    value = json_object(await read_body(request, LIMITS["body"]))
    unknown = sorted(set(value) - CHECK_FIELDS)
    if unknown:
        raise HTTPException(422, f"unknown field(s): {', '.join(unknown)}; the fields are {', '.join(sorted(CHECK_FIELDS))}")
    source = string_field(value, "source", LIMITS["text"])
    translation = string_field(value, "translation", LIMITS["text"])
    service = state(request)
    targets = service.project.targets
    lang = value.get("lang", targets[0] if targets else "")
    if not isinstance(lang, str) or lang not in targets:
        raise HTTPException(422, f"lang: one of {', '.join(targets)}")
    findings = await run_in_threadpool(analyse, service, source, translation, lang)
    return JSONResponse({"lang": lang, "findings": findings})


def analyse(service: State, source: str, translation: str, lang: str) -> list[dict[str, Any]]:
    """What the entry checks find in one message, as ``check --format json`` gives it (without file and line)."""
    terminology = service.terminology(lang)
    entry = pofile.Entry(1, None, source, "", (translation,), frozenset(), ())
    problems = check.analyse(entry, terminology)[0]
    return [{"check": found.id, "severity": found.severity, "message": message, "term": term}
            for found, message, term in problems]


async def stats(request: Request) -> JSONResponse:
    """GET /api/stats: translated, fuzzy and untranslated messages and words per catalog."""
    service = state(request)
    return JSONResponse(await run_in_threadpool(data.stats_data, service.project, service.memo))


async def todo(request: Request) -> JSONResponse:
    """GET /api/todo: the untranslated and fuzzy entries of each catalog."""
    items = await run_in_threadpool(data.todo, state(request).project)
    return JSONResponse({"todo": items})


async def openapi(request: Request) -> JSONResponse:
    """GET /api/openapi.json: this API, described as OpenAPI 3.1."""
    return JSONResponse(schema(state(request).project.targets))


async def live(request: Request) -> JSONResponse:
    """GET /_live/status: the live preview's last build (pages poll it to reload)."""
    return JSONResponse(state(request).builds.status.as_dict())
