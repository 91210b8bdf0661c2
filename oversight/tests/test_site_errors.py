"""“我为政府网站找错”: reports from any portal page, answered within 3 working days, with the fix recorded."""

from datetime import date

import pytest
import time_machine

from gongkai.errors import PermissionDenied
from oversight.errors import OversightError
from oversight.models import CorrectionStatus, SiteErrorReport
from oversight.services import corrections as services
from security.tests.helpers import log_in

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-03-06 10:00 +0800", tick=False)  # a Friday
def test_a_report_goes_to_the_agency_of_the_page_due_in_three_working_days(county, township):
    report = services.report_site_error(page_url=f"http://127.0.0.1:8000/agency/{township.code}/guide/",
                                        description="指南中的办公电话有误。", kind="typo", contact="13945561234")
    assert (report.agency, report.number, report.due_on) == (township, "ZC2026-0001", date(2026, 3, 11))
    assert report.status == CorrectionStatus.RECEIVED and report.contact == "13945561234"
    other = services.report_site_error(page_url="/search/?q=秸秆", description="搜索结果为空白页。")
    assert other.agency == county  # pages of the county's portal itself


@time_machine.travel("2026-03-06 10:00 +0800", tick=False)
@pytest.mark.parametrize(("values", "field"), [
    ({"page_url": ""}, "page_url"), ({"page_url": "javascript:alert(1)"}, "page_url"),
    ({"page_url": "ftp://x/"}, "page_url"), ({"description": ""}, "description"), ({"description": "错"}, "description"),
    ({"kind": "bad"}, "kind"),
])
def test_bad_reports_are_refused(county, values, field):
    with pytest.raises(OversightError) as excinfo:
        services.report_site_error(**{"page_url": "/", "description": "页面显示错误。", **values})
    assert excinfo.value.field == field
    assert SiteErrorReport.objects.count() == 0


@time_machine.travel("2026-03-09 10:00 +0800", tick=False)
def test_the_fix_is_recorded_on_time(county, township, supervisor, office_admin, outsider):
    report = services.report_site_error(page_url="/", description="首页的链接打不开。", kind="link")
    with pytest.raises(PermissionDenied):
        services.fix_site_error(report, acting_user=office_admin, fix_note="已修正")  # the county's report
    services.transfer_site_error(report, acting_user=supervisor, agency=township)
    assert report.agency == township
    with pytest.raises(OversightError):
        services.fix_site_error(report, acting_user=office_admin, fix_note=" ")
    services.fix_site_error(report, acting_user=office_admin, fix_note="已修正首页链接。")
    assert (report.status, report.closed_on, report.closed_late) == ("fixed", date(2026, 3, 9), False)
    with pytest.raises(PermissionDenied):
        services.reopen_site_error(report, acting_user=outsider, reason="未修正")
    services.reopen_site_error(report, acting_user=office_admin, reason="复查发现仍有问题。")
    services.reject_site_error(report, acting_user=office_admin, fix_note="经核实链接正常，系访问者网络原因。")
    assert report.status == "rejected"


@time_machine.travel("2026-03-09 10:00 +0800", tick=False)
def test_a_report_transferred_to_an_agency_with_the_same_number_gets_that_agencys_next_number(county, township,
                                                                                             supervisor):
    from audit.selectors import events_for

    at_county = services.report_site_error(page_url="/search/", description="搜索页面显示异常。")
    at_township = services.report_site_error(page_url=f"/gk/{township.code}/", description="栏目页面有错别字。")
    assert at_county.number == at_township.number == "ZC2026-0001"  # numbered per agency
    services.transfer_site_error(at_county, acting_user=supervisor, agency=township)
    assert (at_county.agency, at_county.number) == (township, "ZC2026-0002")
    assert events_for(at_county).last().data == {"from": "望奎县人民政府", "from_number": "ZC2026-0001",
                                                 "to": "东升乡人民政府", "number": "ZC2026-0002"}


@time_machine.travel("2026-03-09 10:00 +0800", tick=False)
def test_the_reporters_contact_is_masked_and_shown_to_the_handler_on_request(client, county, supervisor):
    report = services.report_site_error(page_url="/search/", description="搜索页面显示异常。", contact="13945561234")
    log_in(client, supervisor)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "139****1234" in page and "13945561234" not in page
    shown = client.post(report.get_absolute_url(), {"action": "reveal"}).content.decode()
    assert "13945561234" in shown
