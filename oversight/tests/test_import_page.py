"""导入台账 under 监督保障: who may check and import an oversight register (the holders of OVERSIGHT_MANAGE in the
agency: its 信息公开办, the county 政务公开办, the platform administrator), and what the page shows."""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.tests.clients import client_for
from audit.models import AuditEvent
from oversight.models import ReviewCase, Suggestion

from .test_imports import review_file, suggestion_file

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "clerk", "reviewer", "deputy", "principal", "office_admin", "supervisor", "platform_admin",
            "outsider"]
MANAGE = {"office_admin", "supervisor", "platform_admin"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def moved_mid_year():
    with time_machine.travel("2026-07-15 10:00 +0800", tick=False):
        yield


@pytest.fixture
def people(clerk, reviewer, deputy, principal, office_admin, supervisor, platform_admin, outsider):
    return {"anonymous": None, "clerk": clerk, "reviewer": reviewer, "deputy": deputy, "principal": principal,
            "office_admin": office_admin, "supervisor": supervisor, "platform_admin": platform_admin,
            "outsider": outsider}


def _post(client, township, path, kind, action):
    return client.post("/manage/oversight/import/", {
        "agency": township.code, "kind": kind, "action": action,
        "file": SimpleUploadedFile(path.name, path.read_bytes(), content_type=XLSX)})


@pytest.mark.parametrize("persona", PERSONAS)
def test_checking_and_importing_a_register_is_for_those_managing_oversight(persona, people, township, tmp_path):
    client = client_for("backoffice", people[persona])
    page = client.get(f"/manage/oversight/import/?agency={township.code}")
    checked = _post(client, township, review_file(tmp_path), "review", "check")
    events = AuditEvent.objects.count()
    if persona in MANAGE:
        assert page.status_code == 200 and "导入监督保障台账" in page.content.decode()
        body = checked.content.decode()
        assert checked.status_code == 200 and "可导入 2 件" in body and "第8行" in body
        assert ReviewCase.objects.count() == 0
        imported = _post(client, township, review_file(tmp_path), "review", "import")
        assert imported.status_code == 200 and "已导入 2 件" in imported.content.decode()
        assert ReviewCase.objects.filter(agency=township).count() == 2
        done = _post(client, township, suggestion_file(tmp_path), "suggestions", "import")
        assert "已导入 2 件" in done.content.decode() and Suggestion.objects.count() == 2
    else:
        denied = [page, checked, _post(client, township, review_file(tmp_path), "review", "import")]
        for response in denied:
            assert response.status_code in (403, 404) or (response.status_code == 302
                                                           and "/login" in response["Location"])
        assert ReviewCase.objects.count() == 0 and AuditEvent.objects.count() == events


def test_a_wrong_file_or_register_kind_is_refused_with_a_message(township, office_admin, tmp_path):
    client = client_for("backoffice", office_admin)
    response = client.post("/manage/oversight/import/", {
        "agency": township.code, "kind": "review", "action": "check",
        "file": SimpleUploadedFile("台账.xls", b"\xd0\xcf\x11\xe0", content_type="x")})
    assert response.status_code == 400 and "另存为 .xlsx" in response.content.decode()
    response = _post(client, township, review_file(tmp_path), "complaints", "check")
    assert response.status_code == 400 and "台账类型“complaints”不存在" in response.content.decode()
