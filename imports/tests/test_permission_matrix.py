"""The permission matrix of the import pages: every persona × every action over HTTP. Only the agency's 信息公开办
and the platform administrator (Perm.CATALOG_MANAGE) may import; everyone else gets a 4xx (anonymous: the login
page) and the database is unchanged."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.tests.clients import client_for
from imports import services
from imports.models import ImportRun

from .files import csv_bytes

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "clerk", "reviewer", "deputy", "principal", "office_admin", "supervisor", "platform_admin",
            "outsider"]
ALLOWED = {"office_admin", "platform_admin"}
ROW = ["{code}/2019-00001", "关于春耕的通知", "", "", "2019-03-05", "", "公告公示", "", "", "正文", ""]


@pytest.fixture
def people(clerk, reviewer, deputy, principal, office_admin, supervisor, platform_admin, outsider):
    return {"clerk": clerk, "reviewer": reviewer, "deputy": deputy, "principal": principal,
            "office_admin": office_admin, "supervisor": supervisor, "platform_admin": platform_admin,
            "outsider": outsider}


def _file(township):
    return csv_bytes([[c.format(code=township.catalogue_code) for c in ROW]])


def _run(township, people, status=None):
    run = services.upload_file(township, SimpleUploadedFile("目录.csv", _file(township)),
                               acting_user=people["office_admin"])
    if status:
        ImportRun.objects.filter(pk=run.pk).update(status=status)
    return run


def _status(run, expected):
    return lambda: ImportRun.objects.get(pk=run.pk).status == expected


ACTIONS = {
    "list": lambda c, t, p: (c.get(f"/manage/imports/?agency={t.code}"), None),
    "upload": lambda c, t, p: (c.post(f"/manage/imports/?agency={t.code}",
                                      {"file": SimpleUploadedFile("目录.csv", _file(t))}),
                               lambda: ImportRun.objects.exists()),
    "detail": lambda c, t, p: (c.get(f"/manage/imports/{_run(t, p).pk}/"), None),
    "progress": lambda c, t, p: (c.get(f"/manage/imports/{_run(t, p).pk}/progress/"), None),
    "check": lambda c, t, p: (lambda run: (c.post(f"/manage/imports/{run.pk}/check/", {
        "col_index_no": "索引号", "col_title": "标题", "col_formed_on": "成文日期", "col_category": "主题分类"}),
        _status(run, ImportRun.Status.CHECKING)))(_run(t, p)),
    "import": lambda c, t, p: (lambda run: (c.post(f"/manage/imports/{run.pk}/import/"),
                                            _status(run, ImportRun.Status.IMPORTING)))(
        _run(t, p, ImportRun.Status.CHECKED)),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_permission_matrix(township, category, people, action, persona):
    user = people.get(persona)
    response, changed = ACTIONS[action](client_for("web", user), township, people)
    if persona in ALLOWED:
        assert response.status_code < 400, (action, persona, response.status_code)
        if changed is not None:
            assert changed(), (action, persona)
    else:
        assert response.status_code in (302, 401, 403, 404), (action, persona, response.status_code)
        if response.status_code == 302:
            assert persona == "anonymous" and "/manage/login/" in response["Location"]
        if changed is not None and action != "upload":
            assert not changed(), (action, persona, "the database changed")
        if action == "upload":
            assert not ImportRun.objects.exists()


def test_the_navigation_shows_imports_to_the_office_only(township, people):
    assert ">导入<" in client_for("web", people["office_admin"]).get("/manage/").content.decode()
    assert ">导入<" not in client_for("web", people["clerk"]).get("/manage/").content.decode()
