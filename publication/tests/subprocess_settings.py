"""Settings of the processes the publication tests start (a Celery worker, a publish_site that is killed): the test
settings, on the database and PUBLISH_ROOT of the test that started them (publication/tests/servers.py)."""

import os
from pathlib import Path

from gongkai.test_settings import *  # noqa: F403

PUBLISH_ROOT = Path(os.environ["GONGKAI_SUBPROCESS_PUBLISH_ROOT"])
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = os.environ.get("GONGKAI_SUBPROCESS_BROKER_URL", "memory://")
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("GONGKAI_SUBPROCESS_QUEUE", "celery")
CELERY_BEAT_SCHEDULE = {}
