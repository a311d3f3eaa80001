"""Run the web app: one process, the store open read-only, on loopback unless told otherwise.

The socket is bound here (so ``port=0`` picks a free port and the printed address is the real
one) and handed to uvicorn, in this process: no worker is forked, as the embedded ArcadeDB's JVM
requires (it starts in this process at the first Cypher query, and stays warm).
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import uvicorn

from kg.api import KnowledgeGraph
from kg.web.app import LOOPBACK_HOSTS, create_app


def is_loopback(host: str) -> bool:
    """Whether ``host`` only listens on this machine (127.0.0.0/8, ::1, localhost).

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0"), is_loopback("::1")
    (True, True, False, True)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (0: any free port); ``OSError`` if it cannot be had."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    addresses = socket.getaddrinfo(host, port, family, socket.SOCK_STREAM)
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(addresses[0][4])
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def url(sock: socket.socket, host: str) -> str:
    """The address a browser opens for the socket."""
    port = sock.getsockname()[1]
    shown = host if host not in ("0.0.0.0", "::") else socket.gethostname()
    return f"http://{'[' + shown + ']' if ':' in shown else shown}:{port}/"


def serve(
    kg: KnowledgeGraph,
    host: str = "127.0.0.1",
    port: int = 8750,
    *,
    connect: Callable[[], AbstractContextManager[Any]] | None = None,
    where: str = "",
    timeout: float = 30,
    say: Callable[[str], None] = print,
) -> None:
    """Serve ``kg`` until interrupted; ``say`` prints the address (and, off loopback, a warning).
    ``timeout``: seconds after which a query or a page is stopped (0: never; :mod:`kg.web.limits`)."""
    sock = bind(host, port)
    hosts = LOOPBACK_HOSTS if is_loopback(host) else ["*"]
    if not is_loopback(host):
        say(
            f"kg: warning: serving on {host}, not loopback: anyone who can reach this machine can read the "
            "whole graph (there is no login). Use the default --host 127.0.0.1 unless you mean it."
        )
    logging.getLogger("neo4j").setLevel(logging.CRITICAL + 1)  # the driver's notifications stay off the console
    app = create_app(kg, connect=connect, where=where, hosts=hosts, timeout=timeout)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", server_header=False)
    say(f"kg serve: {url(sock, host)}  (store {kg.path}, read-only; Ctrl-C stops)")
    sys.stdout.flush()
    uvicorn.Server(config).run(sockets=[sock])
