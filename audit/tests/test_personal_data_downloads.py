"""Every export or download of personal data is an audit event: who downloaded what (安全审计, 个人信息访问)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.tests.clients import client_for
from agencies.tests.factories import StaffRegistryEntryFactory
from applications.tests.conftest import register
from audit.models import AuditEvent
from audit.selectors import PERSONAL_DATA_ACTIONS
from oversight.services import review

pytestmark = pytest.mark.django_db


def events(action: str):
    return AuditEvent.objects.filter(action=action).order_by("id")


def test_a_registry_export_records_who_exported_it_and_whether_phones_were_shown(township, clerk, office_admin):
    StaffRegistryEntryFactory(agency=township, name="李天涛", position="乡长", contact="18746567000")
    for person in (clerk, office_admin):
        assert client_for("web", person).get(f"/manage/agency/registry.xlsx?agency={township.code}").status_code == 200
    masked, unmasked = events("agencies.registry.exported")
    assert (masked.actor, masked.agency, masked.data) == (clerk, township, {"rows": 1, "contacts": "masked"})
    assert (unmasked.actor, unmasked.data["contacts"]) == (office_admin, "unmasked")
    assert unmasked.label == "导出工作人员登记表"


def test_a_letter_download_records_the_letter_and_the_format(township, office_admin, deputy, outsider):
    application = register(township, office_admin, on=date(2026, 12, 1))
    letter = application.letters.get()
    assert client_for("web", deputy).get(f"/manage/applications/letters/{letter.pk}/pdf/").status_code == 200
    assert client_for("web", outsider).get(f"/manage/applications/letters/{letter.pk}/docx/").status_code == 404
    assert client_for("web", deputy).get(f"/manage/applications/letters/{letter.pk}/odt/").status_code == 404
    (event,) = events("applications.letter.downloaded")
    assert (event.actor, event.target, event.agency) == (deputy, application, township)
    assert event.data == {"letter": letter.pk, "kind": letter.kind, "number": letter.number, "format": "pdf"}
    assert event.label == "下载文书"


def test_a_case_document_download_records_the_document(township, office_admin, principal, outsider):
    case = review.register_review_case(township, acting_user=office_admin, kind="reconsideration",
                                       filed_on=date(2026, 3, 2), body="望奎县人民政府")
    pdf = SimpleUploadedFile("复议申请书.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "application/pdf")
    document = review.add_review_document(case, pdf, acting_user=office_admin, kind="answer")
    url = f"/manage/oversight/review-cases/{case.pk}/documents/{document.pk}/"
    assert client_for("web", principal).get(url).status_code == 200
    assert client_for("web", outsider).get(url).status_code == 403
    assert client_for("web", principal).get(f"/manage/oversight/review-cases/{case.pk}/documents/999999/"
                                            ).status_code == 404
    (event,) = events("oversight.review_case.document_downloaded")
    assert (event.actor, event.target, event.comment) == (principal, case, "复议申请书.pdf")
    assert event.data["document"] == document.pk and event.label == "下载案件材料"


def test_the_personal_data_group_lists_every_action_with_a_chinese_label():
    from audit.labels import label_for

    for action in PERSONAL_DATA_ACTIONS:
        assert label_for(action) != action, action
