from datetime import date
from pathlib import Path

import pytest

from catalog import services
from catalog.models import Item


@pytest.fixture
def publish_root(settings, tmp_path) -> Path:
    root = tmp_path / "publish"
    settings.PUBLISH_ROOT = root
    return root


@pytest.fixture
def approve(township, party_office, clerk, reviewer, deputy, principal):
    """Take a new draft through the whole chain (the last approval publishes it)."""

    def run(category, title="关于秸秆禁烧工作的通告", **fields) -> Item:
        revision = services.create_draft(township, acting_user=clerk, category=category, office=party_office,
                                         title=title, formed_on=fields.pop("formed_on", date(2026, 3, 2)),
                                         summary=fields.pop("summary", "禁烧时间与区域。"),
                                         body_html=fields.pop("body_html", "<p>全乡范围内禁止露天焚烧秸秆。</p>"),
                                         **fields)
        services.submit_for_review(revision, acting_user=clerk)
        services.approve_step(revision, acting_user=reviewer, secrecy_result="disclose")
        services.approve_step(revision, acting_user=deputy)
        services.approve_step(revision, acting_user=principal)
        return Item.objects.get(pk=revision.item_id)

    return run


@pytest.fixture
def published_report(monkeypatch, township, office_admin, deputy):
    """The township's 2025 annual report, published through the workflow (fake registers behind the figures)."""
    import time_machine

    from reports import services as reports
    from reports.tests.fakes import FakeApplications, FakeOversight
    from reports.tests.test_workflow import fill_texts

    applications, oversight = FakeApplications(), FakeOversight()
    monkeypatch.setattr("reports.sources._applications", lambda: applications)
    monkeypatch.setattr("reports.sources._oversight", lambda: oversight)
    applications.add(township, "natural_person", date(2025, 3, 2), date(2025, 3, 20), "granted")
    with time_machine.travel("2026-01-12 10:00 +0800", tick=False):
        report = reports.generate_report(township, 2025, acting_user=office_admin)
        fill_texts(report, office_admin)
        reports.submit_report(report, acting_user=office_admin)
        reports.approve_report(report, acting_user=deputy)
        reports.publish_report(report, acting_user=office_admin)
    return report
