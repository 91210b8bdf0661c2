"""Default categories of a new agency's catalogue (data; each agency edits its own afterwards).

Townships get the seed's 11 (东升乡 2017), each mapped to the statutory items of Art.20/21 it carries, so that every
one of the 8 township areas of Art.21 has a home (REG-21). Every agency also gets the categories of the statutory
columns 政府信息公开制度 and 政府信息公开年报; the 指南 is generated from the agency's data.
"""

from .models import StatutoryColumn as C

TOWNSHIP_CATEGORIES = [
    # (name, column, statutory items, shorter publication limit in working days)
    ("组织机构", C.STATUTORY, ["20.2"], None),
    ("公告公示", C.STATUTORY, ["21.t2", "21.t3", "21.t4", "21.t5", "21.t6", "21.t7"], None),
    ("政务信息", C.OTHER, ["21.t1"], None),
    ("办事指南", C.STATUTORY, ["20.5"], None),
    ("计划总结", C.STATUTORY, ["20.3"], None),
    ("工作动态", C.OTHER, [], None),
    ("便民服务", C.STATUTORY, ["20.11", "21.t8"], None),
    ("行政执法", C.STATUTORY, ["20.6"], 7),
    ("乡镇文件", C.STATUTORY, ["20.1"], None),
    ("法律法规", C.STATUTORY, ["20.1"], None),
    ("其它", C.OTHER, ["20.15"], None),
]

DEPARTMENT_CATEGORIES = [
    ("机构职能", C.STATUTORY, ["20.2"], None),
    ("政策文件", C.STATUTORY, ["20.1"], None),
    ("规划计划", C.STATUTORY, ["20.3"], None),
    ("统计信息", C.STATUTORY, ["20.4"], None),
    ("行政许可", C.STATUTORY, ["20.5"], 7),
    ("行政处罚与行政强制", C.STATUTORY, ["20.6"], 7),
    ("财政预决算", C.STATUTORY, ["20.7"], None),
    ("收费项目", C.STATUTORY, ["20.8"], None),
    ("政府采购", C.STATUTORY, ["20.9"], None),
    ("重大建设项目", C.STATUTORY, ["20.10"], None),
    ("民生保障", C.STATUTORY, ["20.11"], None),
    ("应急管理", C.STATUTORY, ["20.12"], None),
    ("监督检查", C.STATUTORY, ["20.13"], None),
    ("人事信息", C.STATUTORY, ["20.14"], None),
    ("工作动态", C.OTHER, [], None),
    ("其他", C.OTHER, ["20.15"], None),
]

STATUTORY_COLUMN_CATEGORIES = [
    ("政府信息公开制度", C.RULES, [], None),
    ("政府信息公开年报", C.ANNUAL_REPORT, [], None),
]
