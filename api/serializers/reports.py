"""Shapes of the reports API (for the OpenAPI schema and for parsing staff input)."""

from django.urls import reverse
from rest_framework import serializers

from api.serializers.actions import ActionSerializer, actions_data
from reports.formats import FORMATS


class CellAddressSerializer(serializers.Serializer):
    table = serializers.CharField()
    row = serializers.CharField()
    column = serializers.CharField()
    label = serializers.CharField()


class CheckFailureSerializer(serializers.Serializer):
    message = serializers.CharField()
    cells = CellAddressSerializer(many=True)


class CheckSerializer(serializers.Serializer):
    rule = serializers.CharField(help_text="T2-1 … T4-1、TXT-1、L-1")
    title = serializers.CharField()
    severity = serializers.ChoiceField(choices=["error", "warning"], help_text="error 阻止审定和发布；warning 仅提示")
    ok = serializers.BooleanField()
    note = serializers.CharField()
    failures = CheckFailureSerializer(many=True)


class Table3RowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    groups = serializers.ListField(child=serializers.CharField())
    values = serializers.ListField(child=serializers.IntegerField(), min_length=7, max_length=7)


class Table3Serializer(serializers.Serializer):
    note = serializers.CharField()
    group = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField(), min_length=7, max_length=7)
    rows = Table3RowSerializer(many=True)


class Table4Serializer(serializers.Serializer):
    columns = serializers.ListField(child=serializers.CharField(), min_length=15, max_length=15)
    values = serializers.ListField(child=serializers.IntegerField(), min_length=15, max_length=15)


class PartSerializer(serializers.Serializer):
    key = serializers.CharField()
    heading = serializers.CharField()
    text = serializers.CharField()


class SectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    table = serializers.CharField(help_text="本节表格：table2 / table3 / table4，或空")
    parts = PartSerializer(many=True)


class AnnualReportSerializer(serializers.Serializer):
    """年度报告（JSON）。金额以字符串给出（table2 为万元，figures 为元），以免浮点误差。"""

    agency = serializers.DictField()
    year = serializers.IntegerField()
    format = serializers.ChoiceField(choices=list(FORMATS))
    format_name = serializers.CharField()
    format_basis = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    preview = serializers.BooleanField(help_text="true：尚未生成报告，按登记数据实时统计的预览")
    origin = serializers.ChoiceField(choices=["computed", "imported"],
                                     help_text="computed：本平台按登记数据计算；imported：导入的往年年报（不重新统计）")
    origin_label = serializers.CharField(help_text="计算 / 导入")
    published_on = serializers.DateField(allow_null=True)
    revised_on = serializers.DateField(allow_null=True)
    revision = serializers.IntegerField()
    due_date = serializers.DateField(allow_null=True)
    deadline = serializers.CharField()
    sections = SectionSerializer(many=True)
    table2 = serializers.DictField(allow_null=True)
    table3 = Table3Serializer(allow_null=True)
    table4 = Table4Serializer(allow_null=True)
    figures = serializers.DictField(allow_null=True, help_text="2019年以前格式的统计数字")
    overrides = serializers.ListField(child=serializers.DictField())
    checks = CheckSerializer(many=True)
    ok = serializers.BooleanField(help_text="全部强制校验通过")
    cells = serializers.ListField(child=serializers.DictField())
    actions = ActionSerializer(many=True, help_text="已生成的报告：当前用户现在可以执行的动作；其他情况为空")


class CellInputSerializer(serializers.Serializer):
    table = serializers.ChoiceField(choices=["table2", "table3", "table4", "figures"])
    row = serializers.CharField(max_length=40)
    column = serializers.CharField(max_length=40)
    value = serializers.CharField(max_length=30, help_text="整数；table2 的收费金额以万元计，可带小数")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000,
                                   help_text="调整系统统计值时必填，将在报告中标注")


class CommentInputSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class TextInputSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, max_length=20000)


class ReportStateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    agency = serializers.CharField()
    year = serializers.IntegerField()
    format = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)
    revision = serializers.IntegerField()
    actions = ActionSerializer(many=True, help_text="当前用户现在可以对该年度报告执行的动作（由工作流决定）")


# transition → the URL name of the endpoint performing it ("edit" is several: cells, texts, refresh)
ACTION_URL_NAMES = {"submit": "api-annual-report-submit", "approve": "api-annual-report-approve",
                    "return": "api-annual-report-return", "publish": "api-annual-report-publish",
                    "county_return": "api-annual-report-county-return"}


def report_action_url(report, transition: str) -> str | None:
    name = ACTION_URL_NAMES.get(transition)
    return reverse(name, args=[report.agency.code, report.year]) if name else None


def report_actions(report, request) -> list[dict]:
    return actions_data(report, {"request": request, "action_url": report_action_url})


def report_state(report, request=None) -> dict:
    return {"id": report.pk, "agency": report.agency.code, "year": report.year, "format": report.format_version,
            "status": report.status, "status_label": report.get_status_display(),
            "published_on": report.published_on, "revision": report.revision,
            "actions": report_actions(report, request)}
