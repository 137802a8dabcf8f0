"""The token rule: a service that listens beyond this machine needs a token,
checked on every request in constant time. Browsers give it once as
``?token=``, and keep it in a cookie; programs send ``Authorization: Bearer``."""

from __future__ import annotations

import hmac
import ipaddress
import json
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import Headers
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

COOKIE = "pipeline_token"
VARIABLE = "PIPELINE_TOKEN"


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def same(given: str, token: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


class TokenGate:
    """ASGI middleware: every HTTP request must carry the token."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        scheme, _, bearer = headers.get("authorization", "").partition(" ")
        cookies = dict(part.strip().partition("=")[::2] for part in headers.get("cookie", "").split(";") if "=" in part)
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        given = dict(query).get("token")
        if given is not None and same(given, self.token):  # a browser's first visit: keep it, out of the address
            rest = urlencode([(key, value) for key, value in query if key != "token"])
            target = scope.get("root_path", "") + scope["path"] + (f"?{rest}" if rest else "")
            response: Response = RedirectResponse(target, status_code=303)
            response.set_cookie(COOKIE, self.token, httponly=True, samesite="strict")
        elif (scheme.lower() == "bearer" and same(bearer, self.token)) or same(cookies.get(COOKIE, ""), self.token):
            await self.app(scope, receive, send)
            return
        else:
            message = "a token is required: send 'Authorization: Bearer <token>', or open the address with ?token=<token>"
            response = Response(json.dumps({"error": message}), 401, media_type="application/json",
                                headers={"www-authenticate": "Bearer"})
        await response(scope, receive, send)
