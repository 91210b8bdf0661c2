"""Test settings: only overrides of gongkai.settings."""

import atexit
import os
import shutil
import tempfile

from .settings import *  # noqa: F403
from .settings import DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="gongkai-test-media-")
# Tests serve static files from the apps (finders), never from a collectstatic run; an empty folder keeps WhiteNoise
# from warning on every request that `staticfiles/` does not exist on a clean clone.
STATIC_ROOT = tempfile.mkdtemp(prefix="gongkai-test-static-")
for _folder in (MEDIA_ROOT, STATIC_ROOT):
    atexit.register(shutil.rmtree, _folder, ignore_errors=True)
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
SMS_BACKEND = "oversight.sms.MemorySmsBackend"
WECHAT_BACKEND = "notifications.gateways.wechat.MemoryWechatBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Several developers (and CI) may share one PostgreSQL server: each run may name its own test database.
if name := os.environ.get("GONGKAI_TEST_DB_NAME"):
    DATABASES["default"].setdefault("TEST", {})["NAME"] = name
