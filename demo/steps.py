"""The order in which loaddemo builds the demo. Each step is idempotent and calls the real services."""

from . import agencies, applications, catalog, oversight, reports

STEPS = [
    ("机关、人员与栏目", agencies.build),
    ("主动公开目录（2017年48条及本年度待办）", catalog.build),
    ("依申请公开", applications.build),
    ("监督保障", oversight.build),
    ("统计与年报", reports.build),
]
