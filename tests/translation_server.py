"""A LibreTranslate-compatible server on 127.0.0.1 for the tests: it
translates word by word from a small dictionary, and can be told to fail."""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

WORDS = {"benefits": "prestaciones", "benefit": "prestación", "workers": "trabajadores", "paid": "pagadas",
         "to": "a", "the": "los", "are": "son", "migrant": "migrantes", "social": "social", "security": "seguridad"}


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, words: dict[str, str] | None = None, delay: float = 0.0) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.words = {**WORDS, **(words or {})}
        self.script: deque[str] = deque()  # what to do for the next requests: ok, 500, 429, hang, malformed, mangle
        self.delay = delay
        self.requests: list[str] = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def translate(self, text: str) -> str:
        return re.sub(r"[^\W\d_]+", lambda word: self.words.get(word[0].lower(), word[0]), text)


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def do_POST(self) -> None:  # the name http.server calls
        length = int(self.headers.get("Content-Length") or 0)
        query = parse_qs(urlparse(self.path).query)
        query.update(parse_qs(self.rfile.read(length).decode()) if length else {})
        text = query.get("q", [""])[0]
        self.server.requests.append(text)
        action = self.server.script.popleft() if self.server.script else "ok"
        time.sleep(self.server.delay)
        if action == "hang":
            time.sleep(60)
            return
        if action in ("500", "429", "403"):
            self.reply(int(action), b'{"error": "no"}')
        elif action == "malformed":
            self.reply(200, b"<html>not json</html>")
        elif action == "mangle":
            self.reply(200, json.dumps({"translatedText": self.server.translate(text).replace("⟦1⟧", "")}).encode())
        else:
            self.reply(200, json.dumps({"translatedText": self.server.translate(text)}).encode())

    def reply(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
