"""Human labels for audit action codes, registered by each app (shown on timelines)."""

_LABELS: dict[str, str] = {}


def register_labels(labels: dict[str, str]) -> None:
    _LABELS.update(labels)


def label_for(action: str) -> str:
    return _LABELS.get(action, action)
