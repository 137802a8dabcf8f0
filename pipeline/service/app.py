"""The application: routes to the API, the pages and the built editions,
behind the token gate and the host check, read-only (GET, and POST for the
checker, which writes nothing)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from pipeline.project import Project
from pipeline.service import api, pages
from pipeline.service.files import BuiltFiles, PreviewFiles
from pipeline.service.live import Builder
from pipeline.service.security import TokenGate, is_loopback
from pipeline.service.state import State

LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]", "::1"]


@dataclass(frozen=True)
class Options:
    """How the service runs."""

    host: str = "127.0.0.1"
    token: str | None = None  # required when ``host`` is not a loopback address
    watch: bool = True  # build at start, then rebuild on every change


async def error(request: Request, exc: Exception) -> Response:
    """An HTTP error as JSON under /api/, else as a page: the message, never a traceback."""
    assert isinstance(exc, HTTPException)
    headers = dict(exc.headers or {})
    if request.url.path.startswith(("/api/", "/_live/")) or request.method == "POST":
        return JSONResponse({"error": exc.detail}, exc.status_code, headers=headers)
    return pages.page(request, "error.html", {"status": exc.status_code, "detail": exc.detail}, exc.status_code)


def landing(project: Project) -> Route:
    """The built site's landing page (it offers both editions)."""
    async def serve(request: Request) -> Response:
        path = project.build / "html" / "index.html"
        if not path.is_file():
            raise HTTPException(404, "the site is not built yet")
        return FileResponse(path)
    return Route("/index.html", serve)


def create_app(project: Project, options: Options = Options()) -> Starlette:
    """The service for ``project``."""
    builds = Builder(project)
    html = project.build / "html"

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        stop = asyncio.Event()
        watcher = asyncio.create_task(builds.watch(stop)) if options.watch else None
        yield
        stop.set()
        if watcher is not None:
            watcher.cancel()

    routes = [
        Route("/", pages.home),
        Route("/qa/", pages.dashboard),
        Route("/glossary/", pages.glossary),
        Route("/glossary/{concept}", pages.concept),
        Route("/api/glossary", api.glossary),
        Route("/api/check", api.check_message, methods=["POST"]),
        Route("/api/stats", api.stats),
        Route("/api/todo", api.todo),
        Route("/api/openapi.json", api.openapi),
        Route("/_live/status", api.live),
        Mount("/_service", StaticFiles(directory=Path(__file__).parent / "static"), name="service"),
        *[Mount(f"/{lang}", PreviewFiles(directory=html / lang, html=True, check_dir=False), name=lang)
          for lang in project.languages],
        Mount("/pdf", BuiltFiles(directory=html / "pdf", check_dir=False), name="pdf"),
        Mount("/video", BuiltFiles(directory=html / "video", check_dir=False), name="video"),  # the pages' videos
        landing(project),
        Route("/favicon.ico", lambda request: Response(status_code=204)),  # none: browsers ask all the same
    ]
    middleware = [Middleware(TrustedHostMiddleware,
                             allowed_hosts=LOOPBACK_NAMES if is_loopback(options.host) else ["*"])]
    if options.token:
        middleware.append(Middleware(TokenGate, token=options.token))
    app = Starlette(routes=routes, middleware=middleware, exception_handlers={HTTPException: error}, lifespan=lifespan)
    app.state.service = State(project, builds)
    return app
