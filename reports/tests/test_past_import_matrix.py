"""The permission matrix of 导入往年年报: every persona × the page, the preview and the confirmation, over HTTP (the
back office with a session), plus the imported report's own pages. Importing needs 编制年报 (Perm.REPORTS_EDIT) in the
agency: the township's 信息公开办 and the platform administrator; everyone else gets a 4xx (or, anonymous, the login
page) and the database is unchanged."""

import base64

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.tests.clients import client_for
from reports.models import AnnualReport
from reports.past import import_past_report
from reports.tests.test_past_import import _messy_workbook, _values_2024, xlsx
from reports.tests.test_permission_matrix import EDITORS, EVERYONE, PERSONAS, VIEWERS, World

pytestmark = pytest.mark.django_db
NOW = "2026-01-12 10:00 +0800"
URL = "/manage/reports/past/"


@pytest.fixture
def world(township, other_township, clerk, reviewer, deputy, principal, office_admin, supervisor, platform_admin,
          outsider):
    return World(township, {"clerk": clerk, "reviewer": reviewer, "deputy": deputy, "principal": principal,
                            "office_admin": office_admin, "supervisor": supervisor, "platform_admin": platform_admin,
                            "outsider": outsider})


@pytest.fixture
def workbook():
    return _messy_workbook(_values_2024())


def _imported(w: World, data: bytes):
    from datetime import date

    return import_past_report(w.township, 2024, xlsx(data), acting_user=w.people["office_admin"],
                              published_on=date(2025, 1, 20))


def _page(client, w, data):
    return client.get(f"{URL}?agency={w.township.code}")


def _preview(client, w, data):
    return client.post(URL, {"agency": w.township.code, "year": "2024",
                             "file": SimpleUploadedFile("2024.xlsx", data)})


def _confirm(client, w, data):
    return client.post(URL, {"agency": w.township.code, "year": "2024", "confirm": "1", "kind": "xlsx",
                             "filename": "2024.xlsx", "content": base64.b64encode(data).decode()})


def _imported_exists(w):
    return AnnualReport.objects.filter(agency=w.township, year=2024, origin="imported").exists()


# action → (perform, personas allowed, what changed on success (None: nothing may change))
ACTIONS = {
    "web.past.page": (_page, EDITORS, None),
    "web.past.preview": (_preview, EDITORS, None),
    "web.past.confirm": (_confirm, EDITORS, _imported_exists),
}


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_past_import_permission_matrix(world, workbook, action, persona):
    perform, allowed, changed = ACTIONS[action]
    response = perform(client_for("web", world.people.get(persona)), world, workbook)
    if persona in allowed:
        assert response.status_code < 400, (action, persona, response.status_code)
        if changed is not None:
            assert changed(world), (action, persona, "nothing changed")
        else:
            assert not _imported_exists(world)
    else:
        assert response.status_code in (302, 401, 403, 404), (action, persona, response.status_code)
        if response.status_code == 302:
            assert persona == "anonymous" and "/manage/login/" in response["Location"], (action, persona)
        assert not _imported_exists(world), (action, persona, "the database changed")


# the imported report's pages: the back office for the agency's viewers, the portal for everyone
PAGES = {
    "web.imported.view": (lambda r: f"/manage/reports/{r.pk}/", "web", VIEWERS),
    "portal.imported": (lambda r: f"/gk/{r.agency.code}/annual-reports/2024/", "portal", EVERYONE),
}


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", list(PAGES))
def test_imported_report_pages(world, workbook, page, persona):
    report = _imported(world, workbook)
    url, kind, allowed = PAGES[page]
    response = client_for(kind, world.people.get(persona)).get(url(report))
    if persona in allowed:
        assert response.status_code == 200, (page, persona, response.status_code)
        assert "导入" in response.content.decode()
    else:
        assert response.status_code in (302, 403, 404), (page, persona, response.status_code)
