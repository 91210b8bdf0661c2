"""Apps that store due dates register a recomputer here (in AppConfig.ready). When an administrator changes the
calendar, every registered recomputer runs in the same transaction and records the change on each affected record."""

from collections.abc import Callable

Recomputer = Callable[..., int]  # (acting_user=..., reason=...) -> number of records changed

_recomputers: list[tuple[str, Recomputer]] = []


def register_recomputer(name: str, fn: Recomputer) -> None:
    if all(existing != name for existing, _ in _recomputers):
        _recomputers.append((name, fn))


def recomputers() -> list[tuple[str, Recomputer]]:
    return list(_recomputers)
