"""Atomic files: a temporary file in the same folder, written and fsynced, then renamed over the old one and the
folder fsynced. A reader (nginx, the embedded middleware) sees the old bytes or the new bytes, never half a file; a
writer killed at any point leaves the old file intact (and at worst a `.name.*.tmp` file that publish_site sweeps)."""

import contextlib
import gzip
import os
import tempfile
from pathlib import Path

from . import layout

TMP_SUFFIX = ".tmp"


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_temporary(path: Path, data: bytes) -> Path:
    """`data` in a new temporary file beside `path`, on disk (fsynced), readable by nginx."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)  # nginx reads it as another user
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def replace_atomically(path: Path, data: bytes) -> None:
    tmp = _write_temporary(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def gzipped(data: bytes) -> bytes:
    # mtime=0 in the gzip header: the same page always compresses to the same bytes.
    return gzip.compress(data, compresslevel=9, mtime=0)


def publish_file(path: Path, data: bytes) -> bool:
    """Write `path` (and `path.gz` for text, with the same mtime) unless the bytes on disk are already these.
    True if written. Unchanged files are left alone, so their mtime and ETag stay stable for caches."""
    text = layout.is_text(path)
    gz = layout.gz_of(path)
    try:
        if path.read_bytes() == data and (not text or gz.exists()):
            return False
    except (FileNotFoundError, NotADirectoryError):
        pass
    temporaries = [_write_temporary(path, data)]
    try:
        if text:
            temporaries.append(_write_temporary(gz, gzipped(data)))
            made = os.stat(temporaries[0])
            os.utime(temporaries[1], ns=(made.st_atime_ns, made.st_mtime_ns))
            os.replace(temporaries[1], gz)
        os.replace(temporaries[0], path)
    except BaseException:
        for tmp in temporaries:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        raise
    _fsync_dir(path.parent)
    return True


def remove_file(path: Path) -> bool:
    """Remove `path` and its .gz; empty folders up to PUBLISH_ROOT go too. True if anything was removed."""
    removed = False
    for candidate in (path, layout.gz_of(path)):
        try:
            candidate.unlink()
            removed = True
        except FileNotFoundError:
            pass
    if removed:
        _fsync_dir(path.parent)
        _prune(path.parent)
    return removed


def _prune(folder: Path) -> None:
    top = layout.root().resolve()
    folder = folder.resolve()
    while folder != top and top in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
