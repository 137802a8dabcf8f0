"""Run the service: check the token rule, bind, say where, serve with uvicorn."""

from __future__ import annotations

import socket
from collections.abc import Callable

import uvicorn

from pipeline.errors import PipelineError
from pipeline.project import Project
from pipeline.service.app import Options, create_app
from pipeline.service.security import VARIABLE, is_loopback


def listening(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` (port 0: one the system picks)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit it: without it, a kept-alive connection's answers wait 40 ms
    # (Nagle's algorithm against the client's delayed acknowledgement).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host.strip("[]"), port))
        sock.listen(2048)  # connections wait from now on, while the application starts
    except OSError as exc:
        sock.close()
        raise PipelineError(f"{host}:{port}", f"cannot listen here: {exc.strerror or exc}") from None
    return sock


def serve(project: Project, host: str, port: int, token: str | None, watch: bool, say: Callable[[str], None]) -> None:
    """Serve until Ctrl-C. Beyond 127.0.0.1 a token is required (``--token`` or ``PIPELINE_TOKEN``)."""
    if not is_loopback(host) and not token:
        raise PipelineError(project.root, f"listening on {host} (beyond this machine) needs a token: "
                                          f"--token or the environment variable {VARIABLE}")
    sock = listening(host, port)
    address = sock.getsockname()
    shown = f"[{address[0]}]" if ":" in address[0] else address[0]
    say(f"serving {project.root.name} at http://{shown}:{address[1]}/ (Ctrl-C stops)")
    config = uvicorn.Config(create_app(project, Options(host, token, watch)), log_level="warning", access_log=False,
                            timeout_graceful_shutdown=2)
    uvicorn.Server(config).run(sockets=[sock])
