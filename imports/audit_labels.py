LABELS = {
    "imports.run.uploaded": "上传导入文件",
    "imports.mapping.saved": "保存导入字段对应",
    "imports.run.checked": "导入试运行（检查）",
    "imports.run.finished": "导入完成",
    "imports.run.failed": "导入中断",
    "catalog.item.imported": "导入",
}
