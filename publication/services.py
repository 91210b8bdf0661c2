"""Publication: the outbox (mark_changed, in the change's transaction), the drain (render, write, delete rows), and
the full rebuild (publish_site).

The public API, for other apps and for tests:

    mark_changed(change)          record the targets of a dependencies.Change in the current transaction and drain
                                  them after it commits (a Celery task; eager in the embedded default)
    mark_targets([...])           the same for explicit targets (URL paths or groups of publication.pages)
    drain()                       render and write every pending target now; returns a DrainResult
    publish_site(agency=None)     rebuild everything (or one agency); returns a SiteResult
    deferred()                    a context manager: record, but do not drain, until the block ends (bulk loads)

Most changes need no call at all: every audit event of the dependency map's actions (see changes.py) is turned into
its targets by on_audit_event, inside the transaction that writes the event.
"""

import contextlib
import contextvars
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.db.models import Q

from gongkai import clock

from . import changes, dependencies, layout, pages, render, writer
from .locking import drain_lock
from .models import PendingTarget, PublicationState

logger = logging.getLogger(__name__)

BATCH = 200  # rows read per round of a drain
REBUILD_CHUNK = 100  # URLs publish_site renders under one hold of the drain lock
_deferred: contextvars.ContextVar[bool] = contextvars.ContextVar("publication_deferred", default=False)


@dataclass
class DrainResult:
    rows: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: list[str] = field(default_factory=list)

    def add(self, other: "FileCounts") -> None:
        self.written += other.written
        self.unchanged += other.unchanged
        self.removed += other.removed


@dataclass
class FileCounts:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    files: set[Path] = field(default_factory=set)  # the files this URL has now


# --- the outbox ---------------------------------------------------------------------------------------------------

def mark_targets(targets: Iterable[str]) -> int:
    """Record `targets` in the current transaction; the drain runs after it commits. Returns the rows written."""
    rows = [PendingTarget(target=t) for t in sorted(set(targets))]
    if not rows:
        return 0
    PendingTarget.objects.bulk_create(rows)
    if not _deferred.get():
        transaction.on_commit(enqueue_drain)  # (several in one transaction: the first drains, the others find none)
    return len(rows)


def mark_changed(change: dependencies.Change) -> int:
    return mark_targets(dependencies.targets(change))


def on_audit_event(sender, instance, created, raw=False, **kwargs) -> None:
    """post_save of AuditEvent: the event's changes → their targets, in the event's transaction. A fault here must
    never undo the change it describes: inside a savepoint, and on any error the whole site is marked instead."""
    if not created or raw or instance.action not in changes.AUDIT_ACTIONS:
        return
    try:
        with transaction.atomic():
            found = changes.from_audit_event(instance)
            targets = set().union(*(dependencies.targets(c) for c in found)) if found else set()
    except Exception:
        logger.exception("publication: no dependency map for %s %s; the whole site is marked", instance.action,
                         instance.target_id)
        targets = {pages.SITE}
    mark_targets(targets)


def enqueue_drain() -> None:
    """After commit: hand the drain to Celery (run in-process when eager). A failure never reaches the change's
    request: the rows stay and the next drain (or the periodic sweep) writes them."""
    from .tasks import drain_task

    try:
        drain_task.delay()
    except Exception:
        logger.exception("publication: could not start the drain; the periodic sweep will write the pending pages")


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Record targets but start no drain inside the block (loaddemo: one publish_site at the end)."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


# --- writing one URL ----------------------------------------------------------------------------------------------

def publish_url(url_path: str) -> FileCounts:
    """Render `url_path` (and its 长辈版) and write its files, or remove them if the page is gone (404/410)."""
    counts = FileCounts()
    for variant in layout.variants(url_path):
        path = layout.root() / variant.relative
        result = render.render(url_path, elder=variant.elder)
        if result.status != 200:
            counts.removed += int(writer.remove_file(path))
            continue
        if writer.publish_file(path, result.content):
            counts.written += 1
        else:
            counts.unchanged += 1
        counts.files.update(layout.all_files(variant))
    return counts


# --- draining the outbox ------------------------------------------------------------------------------------------

def _ready():
    return PendingTarget.objects.filter(Q(retry_after__isnull=True) | Q(retry_after__lte=clock.now()))


def _drain_locked(result: DrainResult, after: int = 0) -> None:
    last = after
    seen: set[str] = set()  # URLs written in this round (a page named by two targets is rendered once)
    while True:
        rows = list(_ready().filter(pk__gt=last).order_by("pk")[:BATCH])
        if not rows:
            return
        last = rows[-1].pk
        by_target: dict[str, list[PendingTarget]] = {}
        for row in rows:
            by_target.setdefault(row.target, []).append(row)
        done: list[int] = []
        for target, same in by_target.items():
            try:
                for url in dict.fromkeys(pages.expand(target)):
                    if url not in seen:
                        result.add(publish_url(url))
                        seen.add(url)
            except Exception as exc:
                logger.exception("publication: could not publish %s", target)
                result.failed.append(target)
                attempts = max(r.attempts for r in same) + 1
                PendingTarget.objects.filter(pk__in=[r.pk for r in same]).update(
                    attempts=attempts, last_error=str(exc)[:500],
                    retry_after=clock.now() + timedelta(seconds=min(3600, 30 * 2 ** min(attempts, 7))))
                continue
            done += [r.pk for r in same]
        PendingTarget.objects.filter(pk__in=done).delete()
        result.rows += len(done)
        seen.clear()  # the next batch holds rows of later changes: their pages are rendered again


def drain(*, after: int = 0) -> DrainResult:
    """Write every pending target (with a row id above `after`). Safe to call from anywhere at any time: one drain
    works at a time, the others return at once (the working one picks their rows up before it stops)."""
    result = DrainResult()
    _check_year()
    while True:
        with drain_lock() as got:
            if got:
                _drain_locked(result, after)
        if not got or not _ready().filter(pk__gt=after).exists():
            return result


YEAR_KEY = "footer_year"


def _check_year() -> None:
    """Every footer shows the current year (版权所有 © …–2026): on the first drain of a new year, rebuild."""
    year = str(clock.today().year)
    state = PublicationState.objects.filter(key=YEAR_KEY).first()
    if state is None:
        PublicationState.objects.create(key=YEAR_KEY, value=year)
    elif state.value != year:
        with transaction.atomic():
            if PublicationState.objects.filter(key=YEAR_KEY, value=state.value).update(value=year):
                PendingTarget.objects.create(target=pages.SITE)


# --- the full rebuild ---------------------------------------------------------------------------------------------

@dataclass
class SiteResult:
    urls: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0


def publish_site(*, agency=None, progress: Callable[[int, int], None] | None = None) -> SiteResult:
    """Render every published URL (or those of one agency), then remove the files of URLs that are no longer
    published. Safe while the site serves: every write is atomic, and stale files go only at the end.

    The pending rows that existed when it started are covered by the rebuild and deleted (for the whole site)."""
    started = time.monotonic()
    began = _clock_mark()  # files written since (by a drain during the rebuild) are never stale
    result = SiteResult()
    state = PublicationState.objects.filter(key=YEAR_KEY)
    if agency is None:
        covered = PendingTarget.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        urls = pages.site_paths()
        if not state.update(value=str(clock.today().year)):
            PublicationState.objects.create(key=YEAR_KEY, value=str(clock.today().year))
    else:
        covered = 0
        urls = pages.agency_paths(agency)
    urls = list(dict.fromkeys(urls))
    result.urls = len(urls)
    kept: set[Path] = set()
    done = 0
    # In chunks under the drain lock: no drain writes a page while the rebuild renders it (the rebuild could write
    # back what it read before the drain's change committed). Between chunks the changes committed meanwhile are
    # drained, so the site stays fresh during a long rebuild.
    for start in range(0, len(urls), REBUILD_CHUNK):
        with drain_lock(wait=True):
            for url in urls[start:start + REBUILD_CHUNK]:
                try:
                    counts = publish_url(url)
                except Exception:
                    logger.exception("publication: could not publish %s", url)
                    result.failed.append(url)
                    for variant in layout.variants(url):  # keep what is there
                        kept.update(layout.all_files(variant))
                else:
                    result.written += counts.written
                    result.unchanged += counts.unchanged
                    result.removed += counts.removed
                    kept |= counts.files
                done += 1
                if progress:
                    progress(done, len(urls))
        drain(after=covered)
    with drain_lock(wait=True):
        result.removed += _remove_stale(kept, agency, began)
        if covered and not result.failed:
            PendingTarget.objects.filter(pk__lte=covered).delete()
    drain(after=covered)
    result.seconds = time.monotonic() - started
    return result


def _clock_mark() -> int:
    """Now on the file system's clock (the one file mtimes come from), in nanoseconds."""
    top = layout.root()
    top.mkdir(parents=True, exist_ok=True)
    mark = top.parent / f".{top.name}.rebuild"
    mark.touch()
    return os.stat(mark).st_mtime_ns


def _agency_scopes(agency) -> list[Path]:
    top = layout.root()
    return [top / "gk" / agency.code]


def _remove_stale(kept: set[Path], agency, began: int) -> int:
    """Files under PUBLISH_ROOT (or under the agency's folder) that no published URL has now, and leftover
    temporary files of killed writers older than an hour. A file written after `began` is a drain's, not stale."""
    top = layout.root()
    if not top.exists():
        return 0
    scopes = [top] if agency is None else _agency_scopes(agency)
    removed = 0
    hour_ago = began - 3600 * 10**9
    kept_resolved = {p.resolve() for p in kept}
    for scope in scopes:
        if not scope.exists():
            continue
        for folder, _dirs, files in os.walk(scope, topdown=False):
            for name in files:
                path = Path(folder) / name
                if name.startswith("."):
                    if name.endswith(writer.TMP_SUFFIX) and path.stat().st_mtime_ns < hour_ago:
                        path.unlink(missing_ok=True)
                    continue
                if path.resolve() not in kept_resolved and path.stat().st_mtime_ns <= began:
                    path.unlink(missing_ok=True)
                    removed += 1
            if Path(folder) != top:
                with contextlib.suppress(OSError):
                    os.rmdir(folder)
    if agency is not None:
        # the agency's withdrawn items (their pages live under /item/, shared by every agency)
        from catalog.models import Item

        for index_no in Item.objects.filter(agency=agency, index_no__isnull=False).exclude(
                status=Item.Status.PUBLISHED).values_list("index_no", flat=True):
            for variant in layout.variants(pages.item(index_no)):
                removed += int(writer.remove_file(top / variant.relative))
    return removed
