"""Embedded ArcadeDB: a graph server inside this process that speaks Bolt on loopback only.

Cypher always goes through the official ``neo4j`` driver (:mod:`kg.stores.cypher`), so the
same code runs against this embedded server or a remote Neo4j. The JVM (ArcadeDB's bundled
JRE, through JPype) starts lazily, on the first :meth:`EmbeddedArcade.start`, and at most once
per process: do not fork after it started (``subprocess`` is fine, it execs at once).

Importing this module starts nothing. The server's files live in ``STORE/arcadedb``: the
databases, the server's users, ``log/`` (everything the JVM logs) and ``credentials.json``,
the root password generated at the first start (mode 0600).

>>> from pathlib import Path
>>> from kg.stores.arcade import get_embedded
>>> from kg.stores.cypher import CypherClient
>>> arcade = get_embedded(Path(".kg"))  # doctest: +SKIP
>>> with CypherClient(arcade.uri, arcade.auth, arcade.database) as client:  # doctest: +SKIP
...     client.run("RETURN 1 AS x")
[{'x': 1}]

A standalone server on a fixed port, for tests or for several processes sharing one store::

    python -m kg.stores.arcade serve --home DIR --port 7687 --password-file FILE
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import json
import os
import re
import secrets
import select
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.stores import jvm_signals

if TYPE_CHECKING:
    from kg.stores.cypher import CypherClient

LOOPBACK = "127.0.0.1"
ROOT_USER = "root"
DEFAULT_DATABASE = "kg"


def _quarter_of_memory() -> str:
    """A quarter of the machine's memory, at least 2 GB: the JVM's own default, with a floor.
    Copying 10,000 bulletins' graph (1M nodes, 2M relationships) took 13 min in a 2 GB heap,
    3 min in 6 GB."""
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return f"{max(2, total // 4 // 2**30)}g"


DEFAULT_HEAP = _quarter_of_memory()
YOUNG_GENERATION = "-Xmn512m"
BOLT_PLUGIN_CLASS = "com.arcadedb.bolt.BoltProtocolPlugin"
CREDENTIALS_FILE = "credentials.json"
READY_PREFIX = "ready "

_DATABASE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_PRIVATE_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL
_LOG_CONFIG = """\
handlers = java.util.logging.FileHandler
.level = INFO
io.undertow.level = WARNING
org.xnio.level = WARNING
org.jboss.level = WARNING
java.util.logging.FileHandler.level = INFO
java.util.logging.FileHandler.pattern = {pattern}
java.util.logging.FileHandler.formatter = com.arcadedb.log.LogFormatter
java.util.logging.FileHandler.limit = 10000000
java.util.logging.FileHandler.count = 2
"""


class EmbeddedArcade:
    """An ArcadeDB server in this process, listening for Bolt on ``127.0.0.1`` at a free port.

    ``EmbeddedArcade(store_dir).start()`` opens (or creates) ``store_dir/arcadedb``; prefer
    :func:`get_embedded`, which keeps one instance per process and closes it at exit.
    """

    def __init__(self, store_dir: Path, database: str = DEFAULT_DATABASE, *, heap: str = DEFAULT_HEAP) -> None:
        if not _DATABASE_NAME.fullmatch(database):
            raise ValueError(f"invalid database name: {database!r}")
        self.store_dir = Path(store_dir).resolve()
        self.database = database
        self.heap = heap
        self._server: Any = None
        self._port = 0
        self._auth: tuple[str, str] | None = None
        self._client: CypherClient | None = None

    @property
    def home(self) -> Path:
        """The server's root folder: ``store_dir / "arcadedb"``."""
        return self.store_dir / "arcadedb"

    @property
    def uri(self) -> str:
        """``bolt://127.0.0.1:PORT`` of the running server."""
        self._require_started()
        return f"bolt://{LOOPBACK}:{self._port}"

    @property
    def auth(self) -> tuple[str, str]:
        """``(user, password)`` for the driver."""
        self._require_started()
        assert self._auth is not None
        return self._auth

    def start(self) -> None:
        """Start the JVM if needed, then the server; when already started, only puts the JVM's
        fault handlers back (:mod:`kg.stores.jvm_signals`)."""
        if self._server is not None:
            jvm_signals.keep()
            return
        self.home.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._auth = load_credentials(self.home)
        self._server, self._port = _start_server(self.home, self._auth[1], 0, self.database, self.heap)

    def client(self) -> CypherClient:
        """A Bolt client of this server, kept open until :meth:`close` (a new driver per query
        would cost 5–25 ms)."""
        from kg.stores.cypher import CypherClient

        if self._client is None:
            self._client = CypherClient(self.uri, self.auth, self.database)
        return self._client

    def limit_queries(self, seconds: float) -> None:
        """Stop every command or query that runs longer than ``seconds`` from now on (0: no limit):
        ArcadeDB's ``arcadedb.command.timeout``, which the engine checks as it works (it does not
        honour a Bolt transaction's own timeout); the client gets ``TransactionTimedOut``. It is
        the JVM's: it holds for loading the graph too, so set it once the graph is loaded."""
        import jpype

        self._require_started()
        settings = jpype.JClass("com.arcadedb.GlobalConfiguration")
        settings.COMMAND_TIMEOUT.setValue(jpype.JLong(round(seconds * 1000)))

    def reset(self) -> None:
        """Drop the database and create it empty (much faster than deleting a large graph)."""
        self._require_started()
        database = self._server.getDatabase(self.database)
        database.getEmbedded().drop()
        self._server.removeDatabase(self.database)
        self._server.getDatabase(self.database, True, True)

    def close(self) -> None:
        """Close the client, stop the server (the JVM stays up for a later start); idempotent."""
        client, self._client = self._client, None
        if client is not None:
            client.close()
        server, self._server = self._server, None
        if server is not None:
            jvm_signals.keep()
            server.stop()

    def __enter__(self) -> EmbeddedArcade:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _require_started(self) -> None:
        if self._server is None:
            raise RuntimeError("EmbeddedArcade is not started; call start() first")


_embedded: EmbeddedArcade | None = None
_embedded_lock = threading.Lock()
_atexit_registered = False


def get_embedded(store_dir: Path, database: str = DEFAULT_DATABASE) -> EmbeddedArcade:
    """The process's running embedded server for ``store_dir``, started on first use.

    One server runs per process: asking for another store (or database) closes the previous
    one first. The server is closed at interpreter exit.
    """
    global _embedded, _atexit_registered
    with _embedded_lock:
        wanted = (Path(store_dir).resolve(), database)
        if _embedded is not None and (_embedded.store_dir, _embedded.database) != wanted:
            _embedded.close()
            _embedded = None
        if _embedded is None:
            _embedded = EmbeddedArcade(store_dir, database)
        _embedded.start()
        if not _atexit_registered:
            # Registered after the JVM started, so it runs before JPype's own exit hook (LIFO).
            atexit.register(_close_embedded)
            _atexit_registered = True
        return _embedded


def _close_embedded() -> None:
    if _embedded is not None:
        _embedded.close()


def load_credentials(home: Path) -> tuple[str, str]:
    """Read ``home/credentials.json``, creating it (mode 0600) with a random password if absent."""
    path = home / CREDENTIALS_FILE
    with contextlib.suppress(FileNotFoundError):
        return _read_credentials(path)
    if (home / "config" / "server-users.jsonl").exists():
        raise RuntimeError(f"{path} is missing but {home} already has users: restore it or remove {home}")
    password = secrets.token_urlsafe(24)
    draft = home / f".{CREDENTIALS_FILE}.{os.getpid()}"
    draft.unlink(missing_ok=True)
    _write_private(draft, json.dumps({"user": ROOT_USER, "password": password}))
    try:
        os.link(draft, path)  # atomic: a reader never sees a half-written file
    except FileExistsError:  # another process created it first
        return _read_credentials(path)
    finally:
        draft.unlink()
    return ROOT_USER, password


def _read_credentials(path: Path) -> tuple[str, str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["user"], data["password"]


def _write_private(path: Path, text: str) -> None:
    """Create ``path`` readable by its owner only, from the first byte on."""
    fd = os.open(path, _PRIVATE_FILE, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)


def _server_settings(home: Path, password: str, port: int, database: str) -> dict[str, Any]:
    """ArcadeDB ``GlobalConfiguration`` keys for a Bolt-only server on loopback."""
    return {
        "arcadedb.server.rootPath": str(home),
        "arcadedb.server.rootPassword": password,
        "arcadedb.server.mode": "production",
        "arcadedb.server.logsDirectory": str(home / "log"),
        "arcadedb.server.plugins": f"Bolt:{BOLT_PLUGIN_CLASS}",
        "arcadedb.server.httpIncomingPort": "0",
        "arcadedb.bolt.port": port,
        "arcadedb.bolt.defaultDatabase": database,
        "arcadedb.opencypher.loadCsv.allowFileUrls": False,
        "arcadedb.opencypher.loadCsv.allowRemoteUrls": False,
        "arcadedb.polyglotEngineEnabled": False,
        "arcadedb.serverMetrics": False,
    }


def _start_server(home: Path, password: str, port: int, database: str, heap: str) -> tuple[Any, int]:
    """Start an ArcadeDB server rooted at ``home``; return it and its Bolt port.

    Every listener binds to loopback; the HTTP server, which ArcadeDB always starts, is
    stopped as soon as the server is up, so Bolt is the only way in.
    """
    _start_jvm(home / "log", heap)
    import jpype

    config = jpype.JClass("com.arcadedb.ContextConfiguration")()
    for key in _listener_host_keys():
        config.setValue(key, LOOPBACK)
    for key, value in _server_settings(home, password, port, database).items():
        config.setValue(key, value)
    server = jpype.JClass("com.arcadedb.server.ArcadeDBServer")(config)
    try:
        server.start()
        server.getDatabase(database, True, True)
        server.getHttpServer().stopService()
        return server, _bolt_port(server)
    except BaseException as exc:
        with contextlib.suppress(Exception):  # the start error is the one to report
            server.stop()
        if isinstance(exc, jpype.JException):
            raise RuntimeError(f"ArcadeDB could not start in {home}: {_root_message(exc)}") from exc
        raise


def _root_message(exc: Any) -> str:
    """The message of the innermost cause of a Java exception (a lock, a busy port ...)."""
    while exc.getCause() is not None:
        exc = exc.getCause()
    return str(exc.getMessage())


def _listener_host_keys() -> list[str]:
    """Every bind-host setting (HTTP, Bolt, Postgres, Redis, ...): all get loopback."""
    import jpype

    keys = (str(setting.getKey()) for setting in jpype.JClass("com.arcadedb.GlobalConfiguration").values())
    return [key for key in keys if key.endswith(("Host", ".host"))]


def _bolt_port(server: Any) -> int:
    for plugin in server.getPlugins():
        if plugin.getClass().getName() == BOLT_PLUGIN_CLASS:
            return int(plugin.getPort())
    raise RuntimeError("the ArcadeDB Bolt plugin did not start")


def _start_jvm(log_dir: Path, heap: str) -> None:
    """Start the JVM quietly: JVM logging to ``log_dir``, Java's stdout to stderr.

    A JVM that something else in this process started is used as it is.
    """
    import jpype

    if not jpype.isJVMStarted():
        _boot_jvm(log_dir, heap)
    jvm_signals.keep()


def _boot_jvm(log_dir: Path, heap: str) -> None:
    import jpype
    from arcadedb_embedded.jvm import start_jvm

    log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    config = log_dir / "logging.properties"
    pattern = (log_dir / "arcadedb.log").as_posix().replace("%", "%%")
    config.write_text(_LOG_CONFIG.format(pattern=pattern), encoding="utf-8")
    crash_log = str(log_dir / "hs_err_pid%p.log")
    with _stderr_to(log_dir / "jvm.log"), _env_default("ARCADEDB_JVM_ERROR_FILE", crash_log):
        # a large young generation: fewer collections, each of which JPype follows with Python's gc
        jvm_args = [f"-Djava.util.logging.config.file={config}", YOUNG_GENERATION]
        start_jvm(heap_size=heap, jvm_args=jvm_args)
    system = jpype.JClass("java.lang.System")
    system.setOut(system.err)  # stdout belongs to the CLI's JSON and tables


@contextlib.contextmanager
def _stderr_to(path: Path) -> Iterator[None]:
    """Send file descriptor 2 to ``path`` (the JVM's boot warnings), then restore it."""
    sys.stderr.flush()
    saved = os.dup(2)
    target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.dup2(target, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(target)


@contextlib.contextmanager
def _env_default(name: str, value: str) -> Iterator[None]:
    """Set environment variable ``name`` for the block unless the user set it."""
    if name in os.environ:
        yield
        return
    os.environ[name] = value
    try:
        yield
    finally:
        del os.environ[name]


def start_server_process(
    home: Path, port: int, password: str, *, database: str = DEFAULT_DATABASE, timeout: float = 120.0
) -> subprocess.Popen[str]:
    """Run ``python -m kg.stores.arcade serve`` in a new process; return once Bolt is up.

    The root password goes through ``home/root-password`` (mode 0600), never the command
    line. Stop the server with ``proc.terminate(); proc.wait()``.
    """
    home = Path(home).resolve()
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    password_file = home / "root-password"
    password_file.unlink(missing_ok=True)
    _write_private(password_file, password)
    command = [sys.executable, "-m", "kg.stores.arcade", "serve", "--home", str(home), "--port", str(port)]
    command += ["--password-file", str(password_file), "--database", database]
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True, close_fds=True)
    try:
        _wait_ready(proc, timeout)
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    return proc


def _wait_ready(proc: subprocess.Popen[str], timeout: float) -> None:
    """Wait for the ``ready`` line that ``serve`` prints once its Bolt port listens."""
    assert proc.stdout is not None
    readable, _, _ = select.select([proc.stdout], [], [], timeout)
    if not readable:
        raise RuntimeError(f"ArcadeDB server process not ready after {timeout:g}s")
    line = proc.stdout.readline()
    proc.stdout.close()
    if not line.startswith(READY_PREFIX):
        raise RuntimeError(f"ArcadeDB server process exited with code {proc.wait(timeout=60)}; see its stderr")


def serve(home: Path, port: int, password: str, database: str, heap: str) -> None:
    """Run a server until SIGTERM or SIGINT, then stop it cleanly."""
    home = Path(home).resolve()
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    server, bolt_port = _start_server(home, password, port, database, heap)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    print(f"{READY_PREFIX}bolt://{LOOPBACK}:{bolt_port}", flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kg.stores.arcade", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    serve_parser = commands.add_parser("serve", help="run a standalone ArcadeDB server with Bolt on loopback")
    serve_parser.add_argument("--home", type=Path, required=True, help="server root folder")
    serve_parser.add_argument("--port", type=int, required=True, help="Bolt port on 127.0.0.1")
    serve_parser.add_argument("--password-file", type=Path, required=True, help="file holding the root password")
    serve_parser.add_argument("--database", default=DEFAULT_DATABASE)
    serve_parser.add_argument("--heap", default=DEFAULT_HEAP, help="JVM maximum heap, e.g. 2g")
    args = parser.parse_args(argv)
    password = args.password_file.read_text(encoding="utf-8").rstrip("\r\n")
    try:
        serve(args.home, args.port, password, args.database, args.heap)
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
