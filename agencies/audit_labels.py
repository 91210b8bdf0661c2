LABELS = {
    "agencies.agency.created": "新增机关",
    "agencies.agency.updated": "修改机关信息",
    "agencies.office.created": "新增内设机构",
    "agencies.user.created": "新增工作人员账号",
    "agencies.role.granted": "分配角色",
    "agencies.role.revoked": "撤销角色",
    "agencies.registry.added": "新增登记表人员",
    "agencies.registry.changed": "修改登记表人员",
    "agencies.registry.removed": "删除登记表人员",
    "agencies.registry.exported": "导出工作人员登记表",
    "agencies.site.updated": "修改网站设置",
}
