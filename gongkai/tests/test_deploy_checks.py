"""`manage.py check --deploy` is clean with the production settings the README documents, and flags the embedded
development defaults. The settings module reads the environment at import, so each case runs `manage.py` with the
production settings module (not the test settings) in its own process."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

# README "Production settings", with throwaway secrets (DATABASE_URL stays SQLite: the checks do not connect).
PRODUCTION_ENV = {
    "SECRET_KEY": "b0Kq3v9Zr7xPj2mW5tLc8sHn4dYf6gUa1eRi0oTy3uIp7lMk9jNh5bVg2cXz8wQe",
    "FIELD_ENCRYPTION_KEY": "dGhyb3dhd2F5LXRlc3Qta2V5LTAxMjM0NTY3ODlhYmM=",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "gk.example.gov.cn",
    "CSRF_TRUSTED_ORIGINS": "https://gk.example.gov.cn",
    "DEBUG": "0",
    "SECURE_COOKIES": "1",
    "BEHIND_PROXY": "1",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "SMS_BACKEND": "your_gateway.sms.GatewaySmsBackend",
}
DEVELOPMENT_ONLY = ("SECRET_KEY", "FIELD_ENCRYPTION_KEY", "SECURE_COOKIES", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
                    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SMS_BACKEND", "BEHIND_PROXY",
                    "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "DEBUG", "REDIS_URL")


def deploy_check(tmp_path: Path, env: dict) -> subprocess.CompletedProcess:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process (Playwright's event loop): never inherit it.
    base = {k: v for k, v in os.environ.items()
            if k not in DEVELOPMENT_ONLY and k != "DJANGO_ALLOW_ASYNC_UNSAFE" and not k.endswith("_FILE")}
    base.update(DJANGO_SETTINGS_MODULE="gongkai.settings", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
                GONGKAI_VAR_DIR=str(tmp_path / "var"), **env)
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=settings.BASE_DIR, env=base, capture_output=True, text=True, timeout=120, check=False)


def test_the_documented_production_settings_pass_the_deploy_checks(tmp_path):
    result = deploy_check(tmp_path, PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_embedded_defaults_fail_the_deploy_checks(tmp_path):
    result = deploy_check(tmp_path, {})
    assert result.returncode != 0
    for check_id in ("security.W009", "privacy.W001", "oversight.W001", "security.W004", "security.W008",
                     "security.W012", "security.W016"):
        assert check_id in result.stderr, check_id
