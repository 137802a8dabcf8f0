"""The service's ``POST /api/check`` on this machine: latency (one client,
one kept-alive connection) and requests per second (several clients at
once), with the real guide's glossary and real messages of its Spanish
catalogs; side by side with ``python -m pipeline check`` on a catalog of one
of those messages (what a tool without the service would run per message).
The service runs in a subprocess on 127.0.0.1, as ``make serve`` starts it
(without the live preview). Prints numbers; asserts nothing.

Run with ``.venv/bin/python benchmarks/bench_service.py [--seconds 10] [--clients 4]``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from pipeline import pofile

ROOT = Path(__file__).resolve().parent.parent


def messages(count: int = 200) -> list[bytes]:
    """Request bodies: translated messages of the guide's Spanish catalogs."""
    bodies = []
    for path in sorted((ROOT / "locale" / "es" / "LC_MESSAGES").glob("*.po")):
        for entry in pofile.read(path).entries:
            if entry.translated and not entry.plural:
                bodies.append(json.dumps({"source": entry.msgid, "translation": entry.msgstr[0], "lang": "es"}).encode())
    return bodies[:count]


def client(port: int, bodies: list[bytes], until: float, latencies: list[float]) -> None:
    """Send the bodies in turn on one connection until ``until``; record each answer's time."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    index = 0
    while time.perf_counter() < until:
        start = time.perf_counter()
        connection.request("POST", "/api/check", bodies[index % len(bodies)], {"content-type": "application/json"})
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"POST /api/check: {response.status}")
        latencies.append(time.perf_counter() - start)
        index += 1
    connection.close()


def load(port: int, bodies: list[bytes], clients: int, seconds: float) -> list[float]:
    latencies: list[float] = []
    until = time.perf_counter() + seconds
    threads = [threading.Thread(target=client, args=(port, bodies[i::clients] or bodies, until, latencies)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies


def report(label: str, latencies: list[float], seconds: float) -> None:
    ordered = sorted(latencies)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    print(f"{label:<34} {len(ordered) / seconds:7.0f} req/s   latency median {statistics.median(ordered) * 1000:6.1f} ms"
          f"   p95 {p95 * 1000:6.1f} ms   ({len(ordered)} requests)")


def cli_one_message(body: bytes) -> float:
    """Seconds for ``python -m pipeline check`` on a catalog holding one message (no cache)."""
    value = json.loads(body)
    with tempfile.TemporaryDirectory() as folder:
        catalog = Path(folder) / "es" / "LC_MESSAGES" / "one.po"
        catalog.parent.mkdir(parents=True)
        catalog.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: es\\n"\n\n'
                           f"msgid {json.dumps(value['source'], ensure_ascii=False)}\n"
                           f"msgstr {json.dumps(value['translation'], ensure_ascii=False)}\n", encoding="utf-8")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pipeline", "check", "-q", "--no-cache", str(catalog)], cwd=ROOT,
                       capture_output=True, check=False)
        return time.perf_counter() - start


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--seconds", type=float, default=10.0, help="length of each run (default 10)")
    options.add_argument("--clients", type=int, default=4, help="clients at once in the second run (default 4)")
    args = options.parse_args()
    bodies = messages()
    server = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--port", "0", "--no-watch"], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline().split("http://")[1].split("/")[0].rsplit(":", 1)[1])
        load(port, bodies, 1, 2.0)  # warm up: the glossary is read and prepared on the first request
        print(f"POST /api/check, {len(bodies)} real messages of the guide, in turn")
        report("1 client (kept-alive connection)", load(port, bodies, 1, args.seconds), args.seconds)
        report(f"{args.clients} clients at once", load(port, bodies, args.clients, args.seconds), args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    runs = [cli_one_message(body) for body in bodies[:5]]
    print(f"{'pipeline check on one message (CLI)':<34} {1 / statistics.median(runs):7.1f} msg/s   "
          f"{statistics.median(runs) * 1000:6.0f} ms per message (a new process each time)")


if __name__ == "__main__":
    main()
