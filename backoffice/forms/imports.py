"""Forms of the import pages: they only parse input; the import services validate and decide."""

from django import forms

from imports.catalogue import FIELDS


class UploadForm(forms.Form):
    file = forms.FileField(label="目录文件", help_text="CSV、Excel（.xlsx），或连同附件打包的 ZIP；每行一条信息。")
    source_name = forms.CharField(label="数据来源", max_length=100, required=False,
                                  help_text="原系统的名称，例如“拓尔思政务公开系统”：字段对应会按来源保存，下次自动套用。")


class MappingForm(forms.Form):
    """One select per field, listing the file's columns."""

    source_name = forms.CharField(label="数据来源（保存字段对应）", max_length=100, required=False)

    def __init__(self, *args, columns: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "（不导入）")] + [(c, c) for c in columns]
        for f in FIELDS:
            self.fields[f"col_{f.name}"] = forms.ChoiceField(label=f.label + ("（必填）" if f.required else ""),
                                                             choices=choices, required=False)

    def mapping(self) -> dict[str, str]:
        return {f.name: self.cleaned_data.get(f"col_{f.name}") or "" for f in FIELDS}
