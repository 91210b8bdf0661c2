from .models import Item, ReviewStep, Revision, Validity

LABELS = {
    "catalog.category.created": "新建栏目",
    "catalog.category.changed": "修改栏目",
    "catalog.chain.set": "设置审核流程",
    "catalog.revision.created": "起草",
    "catalog.revision.edited": "修改草稿",
    "catalog.revision.body_imported": "导入Word正文",
    "catalog.attachment.added": "添加附件",
    "catalog.attachment.removed": "删除附件",
    "catalog.revision.discarded": "作废草稿",
    "catalog.revision.submitted": "提交审核",
    "catalog.finding.acknowledged": "确认敏感信息提示",
    "catalog.revision.approved": "审核通过",
    "catalog.revision.returned": "退回修改",
    "catalog.revision.withheld": "保密审查：不予公开",
    "catalog.item.published": "发布",
    "catalog.item.withdrawn": "撤回",
    "catalog.item.validity_changed": "变更有效性",
    "catalog.revision.due_recomputed": "工作日历调整，重算公开期限",
}

STATE_LABELS = {
    **dict(ReviewStep.choices),
    **dict(Revision.Status.choices),
    **{k: v for k, v in Item.Status.choices if k != "published"},
    **dict(Validity.choices),
}
