"""The built editions, served from ``_build/html/<lang>/`` only, with the
live preview's script added to each HTML page.

Starlette's ``StaticFiles`` resolves every path (``..``, ``%2e%2e``, symlinks:
it does not follow them out of the folder) and answers 404 for anything
outside its folder; this class only adds the script."""

from __future__ import annotations

from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

SCRIPT = b'<script src="/_service/live.js" defer></script>'


class BuiltFiles(StaticFiles):
    """A folder of the build, which may not be built yet (404 until it is)."""

    async def check_config(self) -> None:
        if self.directory is not None and not Path(self.directory).is_dir():
            raise HTTPException(404, "not built yet")
        await super().check_config()


class PreviewFiles(BuiltFiles):
    """A built edition; its HTML pages reload themselves after a rebuild."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if isinstance(response, FileResponse) and str(response.media_type).startswith("text/html"):
            page = Path(response.path).read_bytes()
            end = page.rfind(b"</body>")
            page = page[:end] + SCRIPT + page[end:] if end >= 0 else page + SCRIPT
            return HTMLResponse(page, response.status_code, headers={"cache-control": "no-cache"})
        return response
