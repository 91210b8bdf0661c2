"""The SMS gateway behind the SMS channel (`notifications.channels.sms`): a pluggable backend chosen by
`settings.SMS_BACKEND`, like Django's e-mail backends. Development writes messages to files under VAR_DIR/sms, tests
keep them in memory; a production gateway (a carrier's or a cloud provider's SMS API) is another subclass of
`BaseSmsBackend` configured the same way. The old paths `oversight.sms.*` still work (a re-export)."""

import json
import sys
import threading
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

from gongkai import clock


@dataclass(frozen=True)
class SmsMessage:
    to: str
    body: str


class BaseSmsBackend:
    def send_messages(self, messages: list[SmsMessage]) -> int:
        """Send the messages; return how many were sent."""
        raise NotImplementedError


# Like django.core.mail.outbox: tests read and clear it.
outbox: list[SmsMessage] = []


class MemorySmsBackend(BaseSmsBackend):
    def send_messages(self, messages: list[SmsMessage]) -> int:
        outbox.extend(messages)
        return len(messages)


class FileSmsBackend(BaseSmsBackend):
    """One JSON-lines file per batch under VAR_DIR/sms (what a developer reads instead of a phone)."""

    _lock = threading.Lock()

    def __init__(self, directory: Path | None = None):
        self.directory = Path(directory or Path(settings.VAR_DIR) / "sms")

    def send_messages(self, messages: list[SmsMessage]) -> int:
        if not messages:
            return 0
        with self._lock:
            self.directory.mkdir(parents=True, exist_ok=True)
            path = self.directory / f"{clock.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.jsonl"
            with path.open("w", encoding="utf-8") as handle:
                for message in messages:
                    handle.write(json.dumps(asdict(message), ensure_ascii=False) + "\n")
        return len(messages)


class ConsoleSmsBackend(BaseSmsBackend):
    def send_messages(self, messages: list[SmsMessage]) -> int:
        for message in messages:
            sys.stdout.write(f"[短信] {message.to}: {message.body}\n")
        return len(messages)


def get_backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()


def send_sms(to: str, body: str) -> int:
    return get_backend().send_messages([SmsMessage(to, body)])
