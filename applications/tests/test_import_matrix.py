"""The permission matrix of 导入台账 (the application register import) in the back office, and the page's steps:
upload → column mapping and dry run with the reply words to map → import → result.

    import (导入)     office_admin (东升乡信息公开办), platform_admin — the holders of APPLICATIONS_HANDLE
    nothing           clerk, reviewer, deputy, principal, supervisor (view at most), outsider (another township),
                      anonymous (sent to the login page)

An upload is bound to the uploader's session: nobody else can check or import it (404).
"""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.tests.clients import client_for
from applications.models import Application, ReplyWord
from audit.models import AuditEvent

from .test_imports import MOVED_ON, ledger

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "clerk", "reviewer", "deputy", "principal", "office_admin", "supervisor", "platform_admin",
            "outsider"]
HANDLE = {"office_admin", "platform_admin"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def moved_mid_year():
    with time_machine.travel(MOVED_ON, tick=False):
        yield


@pytest.fixture
def people(clerk, reviewer, deputy, principal, office_admin, supervisor, platform_admin, outsider):
    return {"anonymous": None, "clerk": clerk, "reviewer": reviewer, "deputy": deputy, "principal": principal,
            "office_admin": office_admin, "supervisor": supervisor, "platform_admin": platform_admin,
            "outsider": outsider}


def _upload(client, township, tmp_path):
    content = ledger(tmp_path).read_bytes()
    return client.post("/manage/applications/import/", {
        "agency": township.code, "file": SimpleUploadedFile("东升乡台账.xlsx", content, content_type=XLSX)})


def _denied(response) -> bool:
    if response.status_code == 302:
        return "/login" in response["Location"]
    return response.status_code in (403, 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_upload_check_and_import_are_for_those_handling_applications(persona, people, township, tmp_path):
    client = client_for("backoffice", people[persona])
    page = client.get(f"/manage/applications/import/?agency={township.code}")
    uploaded = _upload(client, township, tmp_path)
    if persona in HANDLE:
        assert page.status_code == 200 and "导入依申请公开台账" in page.content.decode()
        assert uploaded.status_code == 302
        run_url = uploaded["Location"]
        checked = client.get(run_url)
        assert checked.status_code == 200 and "“不予公开”的答复类型" in checked.content.decode()
        assert Application.objects.count() == 0
        done = client.post(run_url, {"action": "import", "word_0": "不予公开", "code_0": "A8"})
        assert done.status_code == 200 and "已导入 4 件" in done.content.decode()
        assert Application.objects.filter(agency=township).count() == 4
        assert client.get(run_url).status_code == 404  # the upload is gone once imported
    else:
        assert _denied(page) and _denied(uploaded)
        # someone else's upload cannot be checked or imported from this session
        owner = client_for("backoffice", people["office_admin"])
        run_url = _upload(owner, township, tmp_path)["Location"]
        events = AuditEvent.objects.count()
        assert _denied(client.get(run_url))
        assert _denied(client.post(run_url, {"action": "import", "word_0": "不予公开", "code_0": "A8"}))
        assert Application.objects.count() == 0 and not ReplyWord.objects.exists()
        assert AuditEvent.objects.count() == events


def test_unmapped_words_stop_the_import_on_the_page_with_a_clear_message(township, office_admin, tmp_path):
    client = client_for("backoffice", office_admin)
    run_url = _upload(client, township, tmp_path)["Location"]
    refused = client.post(run_url, {"action": "import", "word_0": "不予公开", "code_0": ""})
    assert refused.status_code == 400
    assert "以下答复类型尚未对应到A1至A23" in refused.content.decode() and Application.objects.count() == 0
    page = client.get(run_url).content.decode()
    assert "第7行" in page and "日期“2026.13.5”不存在" in page and "可导入 4 件" in page


def test_a_column_mapping_without_a_required_field_is_refused(township, office_admin, tmp_path):
    client = client_for("backoffice", office_admin)
    run_url = _upload(client, township, tmp_path)["Location"]
    response = client.post(run_url, {"action": "check", "col_received_on": "", "col_channel": "申请方式",
                                     "col_applicant_type": "申请人类型", "col_applicant_name": "申请人",
                                     "col_description": "申请内容"})
    assert response.status_code == 400 and "请指定以下字段所在的列：收到申请日期" in response.content.decode()


def test_a_file_that_is_not_xlsx_is_refused_before_it_is_kept(township, office_admin):
    client = client_for("backoffice", office_admin)
    response = client.post("/manage/applications/import/", {
        "agency": township.code, "file": SimpleUploadedFile("台账.xls", b"\xd0\xcf\x11\xe0", content_type="x")})
    assert response.status_code == 400 and "另存为 .xlsx" in response.content.decode()
