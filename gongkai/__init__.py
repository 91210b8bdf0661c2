"""Gongkai (公开): a government information disclosure platform for a county and its agencies."""

from .celery import app as celery_app

__all__ = ["celery_app"]
