"""Helpers for tests (the root conftest empties PUBLISH_ROOT after each test)."""

import shutil
from pathlib import Path

from django.conf import settings


def empty_publish_root() -> None:
    top = Path(settings.PUBLISH_ROOT)
    if top.is_dir():
        for child in top.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)
