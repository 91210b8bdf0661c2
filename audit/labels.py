"""Human labels for audit action codes, registered by each app (shown on timelines)."""

_LABELS: dict[str, str] = {}


def register_labels(labels: dict[str, str]) -> None:
    _LABELS.update(labels)


def label_for(action: str) -> str:
    return _LABELS.get(action, action)


_STATE_LABELS: dict[str, str] = {}


def register_state_labels(labels: dict[str, str]) -> None:
    """Chinese names of the states that appear in from_state/to_state (shared by all apps: keep codes distinct or
    identical in meaning)."""
    _STATE_LABELS.update(labels)


def state_label(state: str) -> str:
    return _STATE_LABELS.get(state, state)
