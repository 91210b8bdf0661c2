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
