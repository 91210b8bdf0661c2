"""The data dictionary of the open data (数据开放): every exported field with its stable English name (the CSV
header, the JSON key, the XLSX header row), its Chinese label and what it holds. Column names are a public contract:
add new fields at the end, never rename or reorder.

The catalogue fields are exactly the metadata the public item page shows (portal/templates/portal/item.html), plus
the agency and the page's address: no body text, no internal state (应公开日期, 逾期, 撤回理由, 不予公开理由, who drafted),
no personal data."""

from dataclasses import dataclass

from catalog.models import DisclosureMode, Scope, StatutoryColumn, Validity
from reports.formats import FORMATS
from reports.renderers.records import RECORD_FIELDS


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    description: str
    kind: str = "文本"


def _codes(choices) -> str:
    return "；".join(f"{value}＝{label}" for value, label in choices.choices if value)


CATALOGUE_FIELDS = (
    Field("index_no", "索引号", "信息的唯一编号：机关组织机构代码/年份-顺序号，发布后不再改变。"),
    Field("title", "名称", "信息名称。"),
    Field("agency_code", "机关代码", "发布信息的机关在平台上的代码（网址和接口中使用）。"),
    Field("agency_name", "机关名称", "发布信息的机关全称。"),
    Field("category_id", "信息分类编号", "机关目录中信息分类的编号（与接口 category_id 一致）。", "整数"),
    Field("category", "信息分类", "机关目录中的信息分类名称。"),
    Field("column", "所属栏目", f"信息分类所属的政府信息公开栏目代码：{_codes(StatutoryColumn)}。"),
    Field("column_label", "所属栏目名称", "所属栏目的中文名称。"),
    Field("issuer", "发布机构", "发布机构；未单独填写时为发布信息的机关。"),
    Field("topic", "主题分类", "主题分类，可为空。"),
    Field("doc_no", "文号", "发文字号，例如 望政发〔2019〕12号；非正式公文为空。"),
    Field("formed_on", "生成日期", "信息形成或者变更的日期。", "日期（YYYY-MM-DD）"),
    Field("published_on", "发布日期", "首次公开发布的日期。", "日期（YYYY-MM-DD）"),
    Field("updated_on", "更新日期", "最近一次更新发布的日期。", "日期（YYYY-MM-DD）"),
    Field("validity", "有效性", f"有效性代码：{_codes(Validity)}。"),
    Field("validity_label", "有效性名称", "有效性的中文名称。"),
    Field("abolished_on", "废止日期", "废止或失效的日期，可为空。", "日期（YYYY-MM-DD）"),
    Field("disclosure_mode", "公开方式", f"公开方式代码：{_codes(DisclosureMode)}。依申请公开的信息只列目录，正文须依法申请。"),
    Field("disclosure_mode_label", "公开方式名称", "公开方式的中文名称。"),
    Field("scope", "公开范围", f"公开范围代码：{_codes(Scope)}。"),
    Field("scope_label", "公开范围名称", "公开范围的中文名称。"),
    Field("summary", "内容概述", "信息内容概述，可为空。"),
    Field("url", "网址", "该信息在门户网站上的页面地址。"),
)
CATALOGUE_NAMES = tuple(f.name for f in CATALOGUE_FIELDS)

_REPORT_DESCRIPTIONS = {
    "agency_code": "发布年报的机关代码。",
    "agency_name": "发布年报的机关全称。",
    "year": "报告年度。",
    "format": "年报格式代码：" + "；".join(f"{f.version}＝{f.name}" for f in FORMATS.values()) + "。",
    "table": "表格代码：table2＝主动公开政府信息情况；table3＝收到和处理政府信息公开申请情况；"
             "table4＝因政府信息公开工作被申请行政复议、提起行政诉讼情况；figures＝2019年以前格式的统计表。",
    "table_title": "表格名称，与年报正文一致。",
    "block": "表二的分项（第二十条第（一）项等），其他表格为空。",
    "row_no": "行在官方表格中的序号（表二各分项连续编号；表四只有一行）。",
    "row_key": "行的稳定代码（表四为复议、诉讼的分组代码）。",
    "row_label": "行名称；表三带上级分组，以“/”分隔。",
    "column_no": "列在官方表格中的序号。",
    "column_key": "列的稳定代码。",
    "column_label": "列名称；带上级表头的以“/”分隔。",
    "value": "数值：件数为整数；金额为精确的小数（表二为万元，2019年以前格式的收费为元）。",
    "unit": "数值的单位。",
}
_REPORT_KINDS = {"year": "整数", "row_no": "整数", "column_no": "整数", "value": "数值"}
REPORT_FIELDS = tuple(Field(name, label, _REPORT_DESCRIPTIONS[name], _REPORT_KINDS.get(name, "文本"))
                      for name, label in RECORD_FIELDS)
REPORT_NAMES = tuple(f.name for f in REPORT_FIELDS)
