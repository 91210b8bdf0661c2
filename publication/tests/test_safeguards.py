"""What keeps the files right when nothing in particular changed (a new year) or the map itself fails."""

from unittest import mock

import pytest
import time_machine

from catalog import services as catalog
from publication import pages, services
from publication.models import PendingTarget, PublicationState

pytestmark = pytest.mark.django_db


def test_the_first_drain_of_a_new_year_rebuilds_every_footer(publish_root, county):
    from agencies.models import SiteSettings

    SiteSettings.objects.create(host_org="望奎县人民政府", copyright_since=2019)
    with time_machine.travel("2026-12-31 23:00 +0800", tick=False):
        services.drain()
    assert PublicationState.objects.get(key="footer_year").value == "2026"
    with time_machine.travel("2027-01-01 00:30 +0800", tick=False):
        result = services.drain()
        assert result.rows == 1 and "2019–2027" in (publish_root / "index.html").read_text()
    assert PublicationState.objects.get(key="footer_year").value == "2027"


def test_a_fault_in_the_dependency_map_never_undoes_the_change(township, category, office_admin):
    category.refresh_from_db()
    with mock.patch("publication.dependencies.targets", side_effect=RuntimeError("bug")):
        catalog.update_category(category, acting_user=office_admin, name="新名称", column=category.column,
                                statutory_items=category.statutory_items)
    category.refresh_from_db()
    assert category.name == "新名称"
    assert list(PendingTarget.objects.values_list("target", flat=True)) == [pages.SITE]  # everything, to be sure
