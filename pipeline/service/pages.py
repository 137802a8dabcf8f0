"""The HTML pages: the service's home, the QA dashboard and the glossary
browser. Thin handlers: the data come from ``data``, the markup from the
Jinja templates in ``templates/`` (escaped by default)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from pipeline.service import data
from pipeline.service.api import state, text_parameter
from pipeline.service.openapi import LIMITS

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
SHOWN = 300  # findings shown on one page of the dashboard
FILTERS = ("check", "catalog", "concept", "severity")


def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    service = state(request)
    return TEMPLATES.TemplateResponse(request, name, {"project": service.project, "build": service.builds.status, **context},
                                      status_code=status)


async def home(request: Request) -> Response:
    return page(request, "home.html", {"editions": [lang for lang in state(request).project.languages
                                                    if state(request).project.html_dir(lang).is_dir()]})


async def dashboard(request: Request) -> Response:
    """/qa/: progress per catalog and language, the findings (filtered), the concordance, the to-do list."""
    service = state(request)
    chosen = {name: text_parameter(request, name, LIMITS["query"]) for name in FILTERS}
    progress, problems = await run_in_threadpool(data.progress, service.project, service.memo)
    rows = await run_in_threadpool(data.rows, service.project, service.memo)
    result = await run_in_threadpool(data.report, service.project, service.memo)
    found, _ = await run_in_threadpool(data.glossary, service.project, service.memo)
    wanted = [row for row in rows if all(not chosen[name] or value(row, name) == chosen[name] for name in FILTERS)]
    options = {name: sorted({value(row, name) for row in rows} - {""}) for name in FILTERS}
    titles = {concept.id: data.title(concept, service.project.source_language) for concept in found}
    return page(request, "dashboard.html", {
        "progress": {lang: [*rows_, data.total(rows_)] for lang, rows_ in progress.items()},
        "problems": [*map(str, problems), *map(str, result.problems)],
        "rows": wanted[:SHOWN], "matching": len(wanted), "total": len(rows), "shown": SHOWN,
        "chosen": chosen, "options": options, "titles": titles,
        "concordance": data.concordance(result, found),
        "relative": lambda name: data.relative(service.project, name),
        "todo": await run_in_threadpool(data.todo, service.project),
    })


def value(row: data.Row, name: str) -> str:
    """A finding's value for one of the dashboard's filters."""
    return {"check": row.check, "catalog": row.document or row.file, "concept": row.concept or "",
            "severity": row.severity}[name]


async def glossary(request: Request) -> Response:
    """/glossary/: search the terms of every language."""
    service = state(request)
    query = text_parameter(request, "q", LIMITS["query"])
    found, problems = await run_in_threadpool(data.glossary, service.project, service.memo)
    concepts = data.search(found, query, service.project.languages)
    return page(request, "glossary.html", {"query": query, "concepts": concepts, "problems": problems,
                                           "title": data.title})


async def concept(request: Request) -> Response:
    """/glossary/<id>: one concept, and where each catalog uses it."""
    service = state(request)
    found, _ = await run_in_threadpool(data.glossary, service.project, service.memo)
    chosen = found.get(request.path_params["concept"])
    if chosen is None:
        raise HTTPException(404, "no such concept in the glossary")
    usages = (await run_in_threadpool(data.usages, service.project, service.memo)).get(chosen.id, [])
    related = [other for other in (found.get(name) for name in chosen.related) if other is not None]
    return page(request, "concept.html", {"concept": chosen, "usages": usages, "related": related, "title": data.title,
                                          "where": f"{data.relative(service.project, chosen.file)}:{chosen.line}"})
