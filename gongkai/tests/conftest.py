"""A real PostgreSQL hot standby for the replica tests (test_replica.py), and database aliases added at run time.

`pg_replica` (once per test session) starts a standby of the primary of DATABASE_URL with bin/start-pg-replica
(pg_basebackup -R on a free loopback port) and stops it at the end; GONGKAI_TEST_REPLICA_PORT=N uses a standby already
running on 127.0.0.1:N instead. The test database the suite created on the primary reaches the standby by streaming
replication like every other write; the alias "replica" is a connection of its own to the standby, to that same
database name. Its TEST MIRROR flag only keeps the test cases from flushing it (the primary's flush is replicated).

Without PostgreSQL the tests are skipped; without the PostgreSQL binaries, or when the standby does not start, they
are skipped with a warning, or fail when GONGKAI_REQUIRE_REPLICA=1 (.ci/run sets it).
"""

import copy
import os
import shutil
import socket
import subprocess
import tempfile
import time
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

from gongkai import db_router

ALIAS = "replica"
BIN = Path(settings.BASE_DIR) / "bin"


def add_alias(alias: str, settings_dict: dict) -> None:
    connections.settings[alias] = settings_dict


def remove_alias(alias: str) -> None:
    if alias in connections.settings:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _unavailable(message: str):
    banner = f"REPLICA TESTS NOT RUN: {message}"
    if os.environ.get("GONGKAI_REQUIRE_REPLICA") == "1":
        pytest.fail(banner, pytrace=False)
    warnings.warn(pytest.PytestWarning(banner), stacklevel=2)
    pytest.skip(banner)


@dataclass
class Replica:
    alias: str
    port: int
    primary: dict

    def _sql(self, *, on_replica: bool, sql: str, params=()):
        import psycopg

        host, port = ("127.0.0.1", self.port) if on_replica else (self.primary["HOST"] or "127.0.0.1",
                                                                     self.primary["PORT"] or 5432)
        with psycopg.connect(host=host, port=port, user=self.primary["USER"] or "postgres", dbname="postgres",
                             autocommit=True) as control:
            return control.execute(sql, params).fetchone()[0]

    def caught_up(self, timeout: float = 30.0) -> None:
        """Wait until the standby has replayed everything the primary committed so far."""
        lsn = self._sql(on_replica=False, sql="SELECT pg_current_wal_lsn()::text")
        deadline = time.monotonic() + timeout
        while not self._sql(on_replica=True, sql="SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", params=(lsn,)):
            if time.monotonic() > deadline:
                raise AssertionError(f"the standby did not replay up to {lsn} within {timeout} s")
            time.sleep(0.05)

    @contextmanager
    def lagging(self):
        """Replay stops (after catching up): what the primary commits now is not on the standby until the end."""
        self.caught_up()
        self._sql(on_replica=True, sql="SELECT pg_wal_replay_pause()::text")
        try:
            while self._sql(on_replica=True, sql="SELECT pg_get_wal_replay_pause_state()") != "paused":
                time.sleep(0.02)
            yield
        finally:
            self._sql(on_replica=True, sql="SELECT pg_wal_replay_resume()::text")
        self.caught_up()


@pytest.fixture(scope="session")
def pg_replica(django_db_setup, django_db_blocker):
    primary = connections["default"].settings_dict
    if connections["default"].vendor != "postgresql":
        pytest.skip("the replica tests need PostgreSQL (DATABASE_URL=postgres://...)")
    folder = None
    if os.environ.get("GONGKAI_TEST_REPLICA_PORT"):
        port = int(os.environ["GONGKAI_TEST_REPLICA_PORT"])
    else:
        if not (shutil.which("pg_basebackup") or list(Path("/usr/lib/postgresql").glob("*/bin/pg_basebackup"))):
            _unavailable("pg_basebackup (Debian postgresql) is not installed")
        folder = tempfile.mkdtemp(prefix="gongkai-replica-")
        os.chmod(folder, 0o755)  # noqa: S103 - the postgres OS user runs the standby inside it
        port = free_port()
        env = {**os.environ, "PRIMARY_HOST": primary["HOST"] or "127.0.0.1", "PRIMARY_PORT": str(primary["PORT"] or 5432)}
        started = subprocess.run([BIN / "start-pg-replica", f"{folder}/pg", str(port)], env=env, capture_output=True,
                                 text=True, timeout=900, check=False)
        if started.returncode:
            subprocess.run([BIN / "stop-pg-replica", f"{folder}/pg"], check=False)
            shutil.rmtree(folder, ignore_errors=True)
            _unavailable(f"bin/start-pg-replica failed ({started.returncode}): {started.stderr.strip()[-800:]}")
    standby = copy.deepcopy(primary)
    standby.update(HOST="127.0.0.1", PORT=str(port))
    standby["TEST"] = {**standby.get("TEST", {}), "MIRROR": "default"}  # not flushed by test cases; see above
    add_alias(ALIAS, standby)
    replica = Replica(ALIAS, port, primary)
    try:
        with django_db_blocker.unblock():
            replica.caught_up()
            with connections[ALIAS].cursor() as cursor:
                cursor.execute("SELECT pg_is_in_recovery(), (SELECT system_identifier FROM pg_control_system())")
                in_recovery, system_id = cursor.fetchone()
            with connections["default"].cursor() as cursor:
                cursor.execute("SELECT system_identifier FROM pg_control_system()")
                assert in_recovery and cursor.fetchone()[0] == system_id, "that is not a standby of this primary"
            connections[ALIAS].close()
        yield replica
    finally:
        remove_alias(ALIAS)
        if folder:
            subprocess.run([BIN / "stop-pg-replica", f"{folder}/pg"], check=False)
            shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def unreachable_replica(django_db_setup):
    """A PostgreSQL alias on a loopback port nothing listens on: a standby that is down (on either database)."""
    alias = "replica_down"
    primary = copy.deepcopy(connections["default"].settings_dict)
    down = {"ENGINE": "django.db.backends.postgresql", "NAME": "gongkai_replica_down", "USER": "postgres",
            "HOST": "127.0.0.1", "PORT": str(free_port()), "OPTIONS": {"connect_timeout": 2},
            "TEST": {"MIRROR": "default"}}
    add_alias(alias, connections.configure_settings({"default": primary, alias: down})[alias])
    yield alias
    remove_alias(alias)


@pytest.fixture
def replica_reads(pg_replica, settings):
    """Public reads go to the real standby for this test."""
    settings.DATABASE_REPLICAS = [pg_replica.alias]
    db_router._down_until.clear()
    yield pg_replica
    db_router._down_until.clear()
    connections[pg_replica.alias].close()
