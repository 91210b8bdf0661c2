"""One drain at a time: a drain that cannot take the lock returns at once, and the drain holding it looks for new
rows after letting go (so rows committed meanwhile are never left waiting). The lock dies with its holder: a
PostgreSQL advisory lock goes with the connection, a flock with the process (kill -9 included)."""

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from django.db import connection

from . import layout

ADVISORY_KEY = 0x676F6E67_6B616931 & 0x7FFFFFFFFFFFFFFF  # "gongkai1"


def _lock_file() -> Path:
    top = layout.root()
    return top.parent / f".{top.name}.lock"


@contextlib.contextmanager
def drain_lock(*, wait: bool = False) -> Iterator[bool]:
    """Yields whether the lock was taken (always True with wait=True, which blocks until it is free)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            if wait:
                cursor.execute("SELECT pg_advisory_lock(%s)", [ADVISORY_KEY])
                got = True
            else:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_KEY])
                got = cursor.fetchone()[0]
        try:
            yield got
        finally:
            if got:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_KEY])
        return
    path = _lock_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
