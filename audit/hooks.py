"""An extension point on the audit trail: other apps subscribe to action names and are told of each event as it is
recorded, inside the recording transaction (so a listener that wants a side effect defers it with
`transaction.on_commit`). Wired in the listener app's AppConfig.ready(); the notifications kernel uses it to tell
applicants and complainants about state changes without touching the services that make them."""

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

Listener = Callable[[object, object], None]  # (AuditEvent, target)
_listeners: dict[str, list[Listener]] = {}


def register(action: str, listener: Listener) -> None:
    listeners = _listeners.setdefault(action, [])
    if listener not in listeners:
        listeners.append(listener)


def run(event, target) -> None:
    """Tell each listener. A listener that raises is logged and skipped: being told is never a reason for the
    recorded action (a reply, a closed complaint) to fail."""
    for listener in _listeners.get(event.action, ()):
        try:
            listener(event, target)
        except Exception:  # noqa: BLE001 — a listener's bug must not undo the business write being audited
            logger.exception("audit hook %r failed for %s", listener, event.action)
