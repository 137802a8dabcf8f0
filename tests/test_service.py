"""The localization service over real HTTP: ``python -m pipeline serve`` in a
subprocess on 127.0.0.1 (a port the system picks), serving a copy of the mini
project; the browser tests (slow) open its pages in headless Chromium."""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from conftest import REPO, copy_root
from playwright.sync_api import Playwright

from pipeline.project import Project


class Server:
    """A running service and a small HTTP client for it."""

    def __init__(self, project: Project, *options: str, env: dict[str, str] | None = None) -> None:
        self.project = project
        self.process = subprocess.Popen([sys.executable, "-m", "pipeline", "--root", str(project.root), "serve", "--port", "0",
                                         *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        env={**os.environ, **(env or {})})
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line.startswith("serving "), line + (self.process.stderr.read() if self.process.stderr else "")
        self.host, port = line.split("http://")[1].split("/")[0].rsplit(":", 1)
        self.port = int(port)

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        """Send the request as written (no normalization of the path)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.request(method, path, body, headers or {})
        response = connection.getresponse()
        result = response.status, {key.lower(): value for key, value in response.getheaders()}, response.read()
        connection.close()
        return result

    def json(self, method: str, path: str, value: Any = None, **headers: str) -> tuple[int, Any]:
        body = None if value is None else json.dumps(value).encode()
        status, _, data = self.request(method, path, body, {"content-type": "application/json", **headers})
        return status, json.loads(data)

    def wait_for_build(self, after: int = 0, timeout: float = 180) -> dict[str, Any]:
        """The live preview's status once a build later than generation ``after`` has ended."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status, value = self.json("GET", "/_live/status")
            if status == 200 and value["generation"] > after and value["state"] != "building":
                return value  # type: ignore[no-any-return]
            time.sleep(0.3)
        raise AssertionError("no build ended in time")

    def stop(self) -> None:
        self.process.terminate()
        self.process.communicate(timeout=30)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The service on a copy of the mini project, watching it, after its first build; one
    translation uses a forbidden term, for the dashboard to show."""
    project = copy_root("mini", tmp_path_factory.mktemp("service"))
    catalog = project.po_dir("es") / "module1.po"
    catalog.write_text(catalog.read_text().replace(":term:`prestación <benefit>` llegue", ":term:`beneficio <benefit>` llegue"))
    running = Server(project)
    running.wait_for_build()
    yield running
    running.stop()


def digest(folders: list[Path]) -> str:
    files = sorted(path for folder in folders for path in folder.rglob("*") if path.is_file() and path.suffix != ".mo")
    return hashlib.sha256(b"".join(path.read_bytes() for path in files)).hexdigest()


def test_the_editions_are_built_and_served_with_the_reload_script(server: Server) -> None:
    for lang in ("en", "es"):
        status, headers, page = server.request("GET", f"/{lang}/module1.html")
        assert status == 200 and headers["content-type"].startswith("text/html")
        assert b'/_service/live.js' in page
    status, _, script = server.request("GET", "/_service/live.js")
    assert status == 200 and b"/_live/status" in script


def test_glossary_api_searches_both_languages_without_case_or_accents(server: Server) -> None:
    for query in ("PRESTACION", "prestación", "Benefit", "benef"):
        status, value = server.json("GET", f"/api/glossary?q={quote(query)}")
        assert status == 200
        assert value["concepts"][0]["id"] == "benefit", query
        assert {"term": "beneficio", "status": "forbidden", "type": "fullForm", "gender": "m"} in value["concepts"][0]["terms"]["es"]
    status, value = server.json("GET", "/api/glossary?q=zzzz")
    assert (status, value["concepts"]) == (200, [])
    assert server.json("GET", "/api/glossary?limit=1")[1]["count"] > 1
    assert len(server.json("GET", "/api/glossary?limit=1")[1]["concepts"]) == 1


@pytest.mark.parametrize(("path", "message"), [
    ("/api/glossary?q=" + "a" * 201, "q: at most 200 characters"),
    ("/api/glossary?limit=0", "limit: a whole number from 1 to 500"),
    ("/api/glossary?limit=ten", "limit: a whole number from 1 to 500"),
    ("/api/glossary?limit=%C2%B2", "limit: a whole number from 1 to 500"),
])
def test_glossary_api_refuses_bad_parameters(server: Server, path: str, message: str) -> None:
    assert server.json("GET", path) == (422, {"error": message})


def test_check_api_gives_the_checkers_findings(server: Server) -> None:
    status, value = server.json("POST", "/api/check", {"source": "The benefit is paid.",
                                                        "translation": "El beneficio se paga.", "lang": "es"})
    assert status == 200
    assert [(found["check"], found["severity"]) for found in value["findings"]] == [("term-forbidden", "error")]
    assert "prestación" in value["findings"][0]["message"]
    status, value = server.json("POST", "/api/check", {"source": "The benefit is paid.", "translation": "La prestación se paga."})
    assert (status, value) == (200, {"lang": "es", "findings": []})


@pytest.mark.parametrize(("body", "headers", "expected"), [
    (b'{"source": "a",', {}, (400, "the body is not JSON: Expecting property name enclosed in double quotes at line 1 column 16")),
    (b"\xff\xfe", {}, (400, "the body is not UTF-8")),
    (b'["a"]', {}, (422, 'the body must be a JSON object: {"source": ..., "translation": ..., "lang": ...}')),
    (b'{"source": "a"}', {}, (422, "translation: required")),
    (b'{"source": 1, "translation": "b"}', {}, (422, "source: must be a string")),
    (b'{"source": "a", "translation": "  "}', {}, (422, "translation: must not be empty")),
    (b'{"source": "a", "translation": "b", "lang": "fr"}', {}, (422, "lang: one of es")),
    (b'{"source": "a", "translation": "b", "msgstr": "c"}', {}, (422, "unknown field(s): msgstr; the fields are lang, source, translation")),
    (json.dumps({"source": "a" * 10_001, "translation": "b"}).encode(), {}, (422, "source: at most 10000 characters")),
    (b'{"source": "' + b"a" * 70_000 + b'"}', {}, (413, "the body is larger than 65536 bytes")),
    (b"[" * 30_000 + b"]" * 30_000, {}, (400, "the body is nested too deeply")),
    (b'{"source": "a\\ud800", "translation": "b"}', {}, (422, "source: not valid Unicode (a lone surrogate)")),
    (b'{"source": "a", "translation": "b"}', {"content-type": "text/plain"}, (415, "send the message as application/json")),
])
def test_check_api_refuses_bad_input_with_a_clear_message(server: Server, body: bytes, headers: dict[str, str],
                                                         expected: tuple[int, str]) -> None:
    status, _, data = server.request("POST", "/api/check", body, {"content-type": "application/json", **headers})
    assert (status, json.loads(data)) == (expected[0], {"error": expected[1]})


def test_stats_todo_and_openapi(server: Server) -> None:
    status, value = server.json("GET", "/api/stats")
    assert status == 200 and value["problems"] == []
    documents = {row["document"]: row for row in value["languages"]["es"]["catalogs"]}
    assert set(documents) == {"acronyms", "glossary", "index", "module1", "module3"}
    total = value["languages"]["es"]["total"]
    assert total["translated"] + total["fuzzy"] + total["untranslated"] == sum(
        row["translated"] + row["fuzzy"] + row["untranslated"] for row in documents.values()) > 0
    status, value = server.json("GET", "/api/todo")
    left = {catalog["path"]: catalog for catalog in value["todo"]}
    assert status == 200 and set(left) == {f"locale/es/LC_MESSAGES/{name}.po" for name in documents}
    assert sum(catalog["untranslated"] + catalog["fuzzy"] for catalog in left.values()) == total["fuzzy"] + total["untranslated"]
    assert all(item["path"] == path and item["line"] > 0 for path, catalog in left.items() for item in catalog["items"])
    status, schema = server.json("GET", "/api/openapi.json")
    assert status == 200 and schema["openapi"].startswith("3.1")
    assert set(schema["paths"]) == {"/api/glossary", "/api/check", "/api/stats", "/api/todo"}


def test_pages_answer_and_an_unknown_concept_is_a_404_page(server: Server) -> None:
    for path, text in (("/", b"Localization service"), ("/qa/", b"Translation progress"),
                       ("/glossary/?q=cotizacion", b"contribution"), ("/glossary/benefit", b"beneficio"),
                       ("/qa/?check=term-forbidden", b"The checker")):
        status, _, page = server.request("GET", path)
        assert (status, text in page) == (200, True), path
    status, _, page = server.request("GET", "/glossary/no-such-concept")
    assert status == 404 and b"no such concept" in page and b"Traceback" not in page


def test_the_dashboard_shows_a_finding_with_source_and_translation_side_by_side(server: Server) -> None:
    _, _, page = server.request("GET", "/qa/?check=term-forbidden&concept=benefit&catalog=module1")
    assert b"1 of 1 finding" in page
    assert b"locale/es/LC_MESSAGES/module1.po:54" in page
    assert b"The :term:`ILO` wants every :term:`benefit`" in page and b"cada :term:`beneficio &lt;benefit&gt;`" in page
    assert b"0 of 1 finding" in server.request("GET", "/qa/?check=markup")[2]
    concordance = page.split(b'id="concordance"')[1]  # the editors' report's concordance, with where
    assert b'<span class="forbidden" lang="es">beneficio</span> (forbidden, 1)' in concordance
    assert b"<code>locale/es/LC_MESSAGES/module1.po:54</code>" in concordance


def test_the_concept_page_links_where_the_concept_is_used(server: Server) -> None:
    _, _, page = server.request("GET", "/glossary/benefit")
    assert b'href="/es/module1.html"' in page or b'href="/es/module3.html"' in page
    assert b'href="/es/glossary.html#term-benefit"' in page


def test_only_reading_is_allowed_and_nothing_is_written(server: Server) -> None:
    sources = [server.project.locale, server.project.glossary_dir]
    before = digest(sources)
    for method, path in (("PUT", "/api/check"), ("DELETE", "/en/index.html"), ("POST", "/en/index.html"),
                         ("GET", "/api/check"), ("PATCH", "/glossary/benefit")):
        assert server.request(method, path)[0] == 405, (method, path)
    server.request("GET", "/qa/")
    assert digest(sources) == before


@pytest.mark.parametrize("path", [
    "/en/../conf.py", "/en/../../conf.py", "/en/%2e%2e/%2e%2e/conf.py", "/en/..%2f..%2fconf.py", "/en/%2E%2E/conf.py",
    "/en//etc/passwd", "/en/%2fetc%2fpasswd", "/en/....//conf.py", "/_service/../data.py", "/pdf/../../conf.py",
    "/en/secret", "/en/secret-folder/passwd",
])
def test_no_path_reads_a_file_outside_the_build(server: Server, path: str) -> None:
    html = server.project.html_dir("en")
    for name, target in (("secret", "/etc/passwd"), ("secret-folder", "/etc")):
        if not (html / name).is_symlink():
            (html / name).symlink_to(target)
    status, _, data = server.request("GET", path)
    assert status in (400, 404), (path, status)
    assert b"root:" not in data and b"guide_languages" not in data and b"import" not in data


def test_a_foreign_host_name_is_refused(server: Server) -> None:
    assert server.request("GET", "/api/stats", headers={"host": "evil.example"})[0] == 400


def test_an_edit_rebuilds_the_preview_and_a_broken_source_shows_its_line(server: Server) -> None:
    index = server.project.docs / "index.rst"
    original = index.read_text()
    generation = server.json("GET", "/_live/status")[1]["generation"]
    index.write_text(original + "\nA paragraph written while the service runs.\n")
    status = server.wait_for_build(generation)
    assert status["state"] == "idle", status
    assert b"A paragraph written while the service runs." in server.request("GET", "/en/index.html")[2]
    index.write_text(original + "\n.. no-such-directive::\n")
    status = server.wait_for_build(status["generation"])
    assert status["state"] == "failed"
    assert any("index.rst:" in problem for problem in status["problems"]), status
    assert b"The last build failed" in server.request("GET", "/")[2]
    index.write_text(original)
    assert server.wait_for_build(status["generation"])["state"] == "idle"


def test_beyond_this_machine_a_token_is_required(mini: Project) -> None:
    refused = subprocess.run([sys.executable, "-m", "pipeline", "--root", str(mini.root), "serve", "--host", "0.0.0.0",
                              "--port", "0"], check=False, capture_output=True, text=True, timeout=60,
                             env={key: value for key, value in os.environ.items() if key != "PIPELINE_TOKEN"})
    assert refused.returncode == 2
    assert refused.stderr.strip().endswith("needs a token: --token or the environment variable PIPELINE_TOKEN")
    assert "Traceback" not in refused.stderr
    server = Server(mini, "--host", "0.0.0.0", "--no-watch", env={"PIPELINE_TOKEN": "s3cret-token"})
    try:
        assert server.request("GET", "/api/stats")[0] == 401
        assert server.request("GET", "/qa/")[0] == 401
        assert server.request("GET", "/api/stats", headers={"authorization": "Bearer wrong"})[0] == 401
        assert server.request("GET", "/api/stats", headers={"authorization": "Bearer s3cret-token"})[0] == 200
        status, headers, _ = server.request("GET", "/qa/?token=s3cret-token&check=markup")
        assert (status, headers["location"]) == (303, "/qa/?check=markup")
        cookie = headers["set-cookie"].split(";")[0]
        assert "httponly" in headers["set-cookie"].lower()
        assert server.request("GET", "/qa/", headers={"cookie": cookie})[0] == 200
    finally:
        server.stop()


# In a real browser (slow): the pages as a reader meets them.

SCREENSHOTS = REPO / "_build" / "screenshots"
PAGES = {"home": "/", "dashboard": "/qa/", "glossary": "/glossary/?q=prestacion", "concept": "/glossary/benefit",
         "preview": "/es/module1.html"}


@pytest.mark.slow
def test_pages_load_cleanly_search_works_and_pass_axe(playwright: Playwright, server: Server, tmp_path: Path) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from browser import CHROMIUM, FLAGS
    from test_web_edition import WCAG_22_AA

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    violations: dict[str, list[Any]] = {}
    driver = playwright  # the session's driver (conftest): one per process
    context = driver.chromium.launch_persistent_context(str(tmp_path / "profile"), executable_path=CHROMIUM,
                                                        args=FLAGS, headless=True)
    for name, path in PAGES.items():
        for width in (390, 1280):
            page = context.new_page()
            page.on("console", lambda message: errors.append(f"{message.type}: {message.text}")
                    if message.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("response", lambda response: errors.append(f"{response.status} {response.url}")
                    if response.status >= 400 else None)
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"http://127.0.0.1:{server.port}{path}")
            page.wait_for_load_state("load")
            page.screenshot(path=str(SCREENSHOTS / f"service-{name}-{width}.png"), full_page=True)
            if name != "preview":  # the edition itself is checked by test_web_edition
                result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
                for violation in result.response["violations"]:
                    violations[f"{path} @{width}px: {violation['id']}"] = [node["target"] for node in violation["nodes"]]
            page.close()
    page = context.new_page()
    page.goto(f"http://127.0.0.1:{server.port}/glossary/")
    page.get_by_label("Search a term").fill("COTIZACION")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/glossary/?q=COTIZACION")
    assert page.locator("#count").inner_text().startswith("1 concept")
    page.get_by_role("link", name="contribution").click()
    assert page.locator("h1").inner_text() == "contribution"
    context.close()
    assert errors == []
    assert violations == {}


@pytest.mark.slow
def test_an_open_page_reloads_after_an_edit_and_shows_a_failed_build(playwright: Playwright, server: Server, tmp_path: Path) -> None:
    from browser import CHROMIUM, FLAGS

    index = server.project.docs / "index.rst"
    original = index.read_text()
    driver = playwright  # the session's driver (conftest): one per process
    context = driver.chromium.launch_persistent_context(str(tmp_path / "profile"), executable_path=CHROMIUM,
                                                        args=FLAGS, headless=True)
    page = context.new_page()
    page.goto(f"http://127.0.0.1:{server.port}/en/index.html")
    page.wait_for_function("() => document.querySelector('.pipeline-live')")  # the script is polling
    try:
        index.write_text(original + "\nReloaded by the live preview.\n")
        page.wait_for_function("() => document.body.innerText.includes('Reloaded by the live preview.')", timeout=120_000)
        index.write_text(original + "\n.. no-such-directive::\n")
        page.wait_for_function("() => document.querySelector('.pipeline-live')?.innerText.includes('index.rst:')",
                               timeout=120_000)
        assert page.locator(".pipeline-live").inner_text().startswith("The last build failed:")
    finally:
        failed = server.json("GET", "/_live/status")[1]["generation"]
        index.write_text(original)
        context.close()
    assert server.wait_for_build(failed)["state"] == "idle"
