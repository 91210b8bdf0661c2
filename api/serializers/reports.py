"""Shapes of the reports API (for the OpenAPI schema and for parsing staff input)."""

from rest_framework import serializers

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


def report_state(report) -> dict:
    return {"id": report.pk, "agency": report.agency.code, "year": report.year, "format": report.format_version,
            "status": report.status, "status_label": report.get_status_display(),
            "published_on": report.published_on, "revision": report.revision}
