"""After-commit hooks on publication (e.g. the 民生服务平台 subscriptions push), registered in AppConfig.ready."""

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

_on_published: list[tuple[str, Callable[[int], None]]] = []


def register_on_published(name: str, fn: Callable[[int], None]) -> None:
    if all(existing != name for existing, _ in _on_published):
        _on_published.append((name, fn))


def run_published(item_id: int) -> None:
    """Called after the publishing transaction commits. A failing hook is logged and never undoes a publication."""
    for name, fn in _on_published:
        try:
            fn(item_id)
        except Exception:
            logger.exception("publication hook %s failed for item %s", name, item_id)
