"""Copying the database in and out, for each vendor, with the row counts and migrations of the same snapshot.

PostgreSQL: `pg_dump --format=custom` inside a REPEATABLE READ transaction whose snapshot it imports
(`--snapshot`), so the counts and migrations written to the manifest describe exactly the dumped data while the site
keeps writing; `pg_restore --single-transaction` into an empty database, so a failed restore leaves it empty.
SQLite: the online backup API (`sqlite3.Connection.backup`) in both directions: consistent while the site writes, and
SQLite's own locking keeps a stale `-wal`/`-shm` beside the target from mixing into the restored pages.
"""

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.postgresql.client import DatabaseClient
from django.db.utils import ConnectionHandler

from .errors import BackupFailed, RestoreRefused

SUPPORTED_VENDORS = ("postgresql", "sqlite")
DUMP_FILE = {"postgresql": "database/gongkai.pgdump", "sqlite": "database/gongkai.sqlite3"}


@dataclass(frozen=True)
class DatabaseContents:
    """What the manifest says about the database: its tables' row counts and the applied migrations."""

    vendor: str
    server_version: str
    row_counts: dict[str, int]
    migrations: list[tuple[str, str]]

    @property
    def rows(self) -> int:
        return sum(self.row_counts.values())


@contextmanager
def separate_connection(settings_dict: dict) -> Iterator[BaseDatabaseWrapper]:
    """A connection of its own to the database described by `settings_dict` (never the caller's transaction)."""
    handler = ConnectionHandler({"default": {**settings_dict, "CONN_MAX_AGE": 0}})
    connection = handler["default"]
    try:
        yield connection
    finally:
        connection.close()


def check_vendor(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor not in SUPPORTED_VENDORS:
        raise BackupFailed(f"不支持备份或恢复 {connection.vendor} 数据库，仅支持 PostgreSQL 与 SQLite。",
                           code="unsupported_database")


def read_contents(connection: BaseDatabaseWrapper) -> DatabaseContents:
    """Row counts of every table and the applied migrations, read in the connection's current transaction."""
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (catalogue names)
            counts[table] = cursor.fetchone()[0]
        migrations = []
        if "django_migrations" in tables:
            cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
            migrations = [(app, name) for app, name in cursor.fetchall()]
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            server_version = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            server_version = f"SQLite {sqlite3.sqlite_version}"
    return DatabaseContents(connection.vendor, server_version, counts, migrations)


def dump(connection: BaseDatabaseWrapper, destination: Path) -> DatabaseContents:
    """Write the whole database to `destination` and return the contents of exactly that copy."""
    check_vendor(connection)
    if connection.vendor == "postgresql":
        return _dump_postgresql(connection.settings_dict, destination)
    return _dump_sqlite(connection, destination)


def _dump_postgresql(settings_dict: dict, destination: Path) -> DatabaseContents:
    with separate_connection(settings_dict) as connection, connection.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            # Uncompressed: the archive is gzipped as a whole, compressing twice only costs time.
            _run_client("pg_dump", settings_dict, ["--format=custom", "--compress=0", f"--snapshot={snapshot}",
                                                   f"--file={destination}"], database_flag="")
            contents = read_contents(connection)
        finally:
            cursor.execute("COMMIT")
    return contents


def _dump_sqlite(connection: BaseDatabaseWrapper, destination: Path) -> DatabaseContents:
    connection.ensure_connection()
    copy = sqlite3.connect(destination)
    try:
        connection.connection.backup(copy)
        # The copy is one self-contained file (the live database runs in WAL mode).
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()
    with separate_connection({"ENGINE": "django.db.backends.sqlite3", "NAME": str(destination)}) as copied:
        return read_contents(copied)


def require_empty(connection: BaseDatabaseWrapper) -> None:
    """Refuse a target that holds any table: a restore never replaces a database in use, whatever its state.

    "Empty" means no table at all, not "no rows": `migrate` alone creates tables and rows (migrations, content types,
    the holiday calendar), and pg_restore could not load into existing tables anyway."""
    check_vendor(connection)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND n.nspname NOT IN ('pg_catalog', "
                "'information_schema') AND n.nspname NOT LIKE 'pg_toast%%' AND n.nspname NOT LIKE 'pg_temp%%'")
            relations = cursor.fetchone()[0]
    else:
        relations = len(connection.introspection.table_names())
    if relations:
        raise RestoreRefused(
            f"目标数据库 {connection.settings_dict['NAME']} 不是空库（已有 {relations} 个表或序列），拒绝恢复，"
            f"以免覆盖正在使用的数据。请恢复到新建的空数据库（PostgreSQL：createdb；SQLite：新的文件名），"
            f"不要事先运行 migrate。", code="target_not_empty")


def load(connection: BaseDatabaseWrapper, dump_file: Path) -> None:
    """Load `dump_file` into the (checked empty) database of `connection`."""
    if connection.vendor == "postgresql":
        connection.close()
        _run_client("pg_restore", connection.settings_dict,
                    ["--no-owner", "--no-acl", "--exit-on-error", "--single-transaction", str(dump_file)],
                    database_flag="--dbname")
        return
    connection.ensure_connection()
    source = sqlite3.connect(dump_file)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()


def _run_client(program: str, settings_dict: dict, parameters: list[str], *, database_flag: str) -> None:
    executable = shutil.which(program)
    if executable is None:
        raise BackupFailed(f"找不到 {program}：请安装 PostgreSQL 客户端（Debian：apt-get install postgresql-client）。",
                           code="client_missing")
    # Django's own psql arguments give the host, port, user and the PG* environment (password, SSL, service);
    # --no-password: a scheduled run fails with a message instead of waiting for a password prompt.
    args, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    dbname = args.pop() if settings_dict.get("NAME") or not settings_dict["OPTIONS"].get("service") else None
    connection_args = args[1:]
    if dbname:
        connection_args += [f"{database_flag}={dbname}"] if database_flag else [dbname]
    result = subprocess.run(  # noqa: S603 (a fixed client program, arguments from our own settings)
        [executable, "--no-password", *parameters, *connection_args], env={**os.environ, **(env or {})},
        capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupFailed(f"{program} 失败（退出码 {result.returncode}）：{result.stderr.strip()[-2000:]}",
                           code=f"{program.replace('_', '')}_failed")
