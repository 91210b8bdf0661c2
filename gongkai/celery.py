"""Celery application: Redis in production; eager (in-process after commit) in the embedded default."""

import os
from contextlib import suppress

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")

app = Celery("gongkai")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# Tasks read the primary even where the web nodes read replicas (gongkai/db_router.py): a task acts on what was just
# committed, and a page it renders for publication must show it.
_primary_scopes: dict[str, object] = {}


@task_prerun.connect
def _task_reads_the_primary(task_id=None, **kwargs):
    from gongkai.db_router import _forced_primary

    _primary_scopes[task_id] = _forced_primary.set(True)


@task_postrun.connect
def _task_done(task_id=None, **kwargs):
    from gongkai.db_router import _forced_primary

    if (token := _primary_scopes.pop(task_id, None)) is not None:
        with suppress(ValueError, RuntimeError):  # set in another context (a worker thread): nothing to restore there
            _forced_primary.reset(token)
