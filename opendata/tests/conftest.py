import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _no_download_counts():
    """django-ratelimit counts downloads in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


def body(response) -> bytes:
    """The whole body of a streamed (CSV, JSON) or file (XLSX) response."""
    return b"".join(response.streaming_content)
