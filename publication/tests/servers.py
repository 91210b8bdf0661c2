"""Real servers for the publication tests: nginx with the deploy/nginx/ configuration in front of Django's live
server, a Celery worker process against Redis, and a database that another process can open.

nginx: `nginx -p <tmp> -c <rendered conf> -g "daemon off;"` on a free loopback port, serving the test's PUBLISH_ROOT
and proxying to the live server. Without the nginx binary the tests are skipped with a loud message, or fail when
GONGKAI_REQUIRE_NGINX=1 (.ci/run sets it); the same goes for Redis, which the Celery test needs.
"""

import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings

REQUIRE = "GONGKAI_REQUIRE_NGINX"
REDIS_URL = os.environ.get("GONGKAI_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")  # a db number of the tests' own
ROOT = Path(settings.BASE_DIR)


def unavailable(message: str):
    banner = f"NGINX TESTS NOT RUN: {message}"
    if os.environ.get(REQUIRE) == "1":
        pytest.fail(f"{banner} ({REQUIRE}=1)", pytrace=False)
    warnings.warn(pytest.PytestWarning(banner), stacklevel=2)
    pytest.skip(banner)


def nginx_binary() -> str | None:
    """GONGKAI_NGINX if set (a path that is not there counts as no nginx), else nginx on PATH or /usr/sbin/nginx."""
    if "GONGKAI_NGINX" in os.environ:
        candidate = os.environ["GONGKAI_NGINX"]
        return candidate if os.access(candidate, os.X_OK) else None
    for candidate in (shutil.which("nginx"), "/usr/sbin/nginx"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Answer:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes

    def text(self) -> str:
        return self.body.decode("utf-8")


def fetch(base: str, path: str, *, method: str = "GET", headers: dict | None = None, form: dict | None = None,
          timeout: float = 30) -> Answer:
    """One plain HTTP/1.1 request, nothing added (no Accept-Encoding, no decompression, no redirect)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    body = None
    headers = dict(headers or {})
    if form is not None:
        body = urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        connection.close()


@dataclass
class Nginx:
    url: str
    prefix: Path
    process: subprocess.Popen
    sent: dict = field(default_factory=dict)  # (method, path) → requests made

    def get(self, path: str, *, method: str = "GET", **kwargs) -> Answer:
        self.sent[(method, path)] = self.sent.get((method, path), 0) + 1
        return fetch(self.url, path, method=method, **kwargs)

    def log_lines(self) -> list[str]:
        path = self.prefix / "logs" / "access.log"
        return path.read_text().splitlines() if path.exists() else []

    def source_of_last(self, method: str, path: str, timeout: float = 5) -> str:
        """"file" if nginx answered the last `method path` request from a file, else the upstream's address. (nginx
        logs a request just after answering it: wait for its line.)"""
        expected, deadline = self.sent.get((method, path), 0), time.monotonic() + timeout
        while True:
            lines = [line.split(" ") for line in self.log_lines()]
            found = [upstream for logged_method, uri, _status, upstream in lines
                     if logged_method == method and uri == path]
            if expected and len(found) >= expected:
                return "file" if found[expected - 1] == "-" else found[expected - 1]
            if time.monotonic() > deadline:
                raise AssertionError(f"no line for request {expected} of {method} {path} in nginx's access log")
            time.sleep(0.02)

    def error_log(self) -> str:
        path = self.prefix / "error.log"
        return path.read_text() if path.exists() else ""


def start_nginx(prefix: Path, *, publish_root: Path, upstream: str, static_root: Path | None = None) -> Nginx:
    from publication import nginx as config

    binary = nginx_binary()
    if binary is None:
        unavailable("no nginx binary (install Debian's nginx-light: bin/install-system-packages)")
    port = free_port()
    conf = config.render_standalone(prefix, listen=f"127.0.0.1:{port}", publish_root=publish_root,
                                    static_root=static_root or settings.STATIC_ROOT, upstream=upstream)
    checked = subprocess.run([binary, "-t", "-q", "-p", str(prefix), "-c", str(conf)], capture_output=True, text=True)
    assert checked.returncode == 0, f"nginx -t refused the rendered configuration:\n{checked.stderr}"
    process = subprocess.Popen([binary, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=open(prefix / "stderr.log", "wb"),  # noqa: SIM115
                               start_new_session=True)
    deadline = time.monotonic() + 20
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                stop_process(process)
                logs = [p.read_text() for p in (prefix / "stderr.log", prefix / "error.log") if p.exists()]
                raise AssertionError("nginx did not start:\n" + "\n".join(logs))
            time.sleep(0.05)
    return Nginx(f"http://127.0.0.1:{port}", prefix, process)


def stop_process(process: subprocess.Popen, timeout: float = 10) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def live_upstream(live_server) -> str:
    """host:port of the live server, as an address (nginx must not try ::1 for "localhost")."""
    host, port = live_server.thread.httpd.server_address[:2]
    return f"{host}:{port}"


# --- a database another process can open --------------------------------------------------------------------------

def shared_database_url(tmp_path: Path) -> tuple[str, callable]:
    """(DATABASE_URL for a subprocess, restore). PostgreSQL: the test database itself. SQLite: the test database is
    in memory, which no other process can open; its content is copied into a file, and the connection settings are
    pointed at that file (this thread's connection, and the live server's, which opens one per request from the
    same settings) until `restore()`. The in-memory database is flushed by the transactional test afterwards."""
    import sqlite3

    from django.db import connections

    connection = connections["default"]  # the wrapper itself (not the proxy): its attributes are set below
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        return (f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}",
                lambda: None)
    assert connection.vendor == "sqlite"
    if not connection.is_in_memory_db():
        return f"sqlite:///{connection.settings_dict['NAME']}", lambda: None
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    memory, name = connection.connection, connection.settings_dict["NAME"]
    target = sqlite3.connect(path)
    memory.backup(target)
    target.close()
    connection.settings_dict["NAME"] = str(path)  # (the same dict for every thread's connection)
    connection.connection = None  # kept open in `memory`: closing the last connection would drop the database
    connection.connect()
    # The live server may share this very wrapper (pytest-django passes an in-memory connection to its threads),
    # and closes it after every request: harmless in memory (Django ignores it), fatal on a file in use here.
    connection.close = lambda: None

    def restore() -> None:
        del connection.close
        connection.close()
        connection.settings_dict["NAME"] = name
        connection.connection = memory

    return f"sqlite:///{path}", restore


def subprocess_env(database_url: str, publish_root: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "publication.tests.subprocess_settings",
        "DATABASE_URL": database_url,
        "GONGKAI_SUBPROCESS_PUBLISH_ROOT": str(publish_root),
        "PYTHONPATH": str(ROOT),
        **extra,
    })
    return env


# --- a Celery worker ----------------------------------------------------------------------------------------------

def redis_or_skip(url: str = REDIS_URL):
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.RedisError as exc:
        unavailable(f"no Redis at {url} for the Celery worker ({exc})")
    return client


@dataclass
class Worker:
    process: subprocess.Popen
    queue: str
    log: Path
    extra: dict = field(default_factory=dict)

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def start_worker(tmp_path: Path, database_url: str, publish_root: Path, queue: str | None = None) -> Worker:
    queue = queue or f"gongkai-test-{uuid.uuid4().hex[:12]}"
    log = tmp_path / "celery-worker.log"
    env = subprocess_env(database_url, publish_root, GONGKAI_SUBPROCESS_BROKER_URL=REDIS_URL,
                         GONGKAI_SUBPROCESS_QUEUE=queue)
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "gongkai", "worker", "-Q", queue, "-P", "solo", "-c", "1",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info", "-n", f"{queue}@%h"],
        cwd=ROOT, env=env, stdout=open(log, "wb"), stderr=subprocess.STDOUT, start_new_session=True)  # noqa: SIM115
    deadline = time.monotonic() + 120
    while " ready." not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            stop_process(process)
            raise AssertionError("the Celery worker did not start:\n" + log.read_text(errors="replace"))
        time.sleep(0.1)
    return Worker(process, queue, log)
