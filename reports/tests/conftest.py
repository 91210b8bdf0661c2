import pytest

from reports.tests.fakes import FakeApplications, FakeOversight


@pytest.fixture
def registers(monkeypatch):
    """Fake application and oversight registers behind the reporting contracts (see fakes.py)."""
    apps, oversight = FakeApplications(), FakeOversight()
    monkeypatch.setattr("reports.sources._applications", lambda: apps)
    monkeypatch.setattr("reports.sources._oversight", lambda: oversight)
    return apps, oversight
