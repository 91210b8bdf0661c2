"""Forms of the back office's catalogue pages: they only parse input; the services validate and decide."""

from django import forms

from catalog.models import (
    Decision,
    DisclosureMode,
    DocKind,
    ReviewStep,
    Scope,
    StatutoryColumn,
    StatutoryItem,
    Validity,
    WithholdingGround,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DraftForm(forms.Form):
    title = forms.CharField(label="名称", max_length=200)
    category = forms.TypedChoiceField(label="信息分类", coerce=int)
    office = forms.TypedChoiceField(label="起草办所", coerce=int, required=False, empty_value=None)
    formed_on = forms.DateField(label="生成日期", widget=DATE_WIDGET,
                                help_text="信息形成或者变更的日期：自次日起20个工作日内应当公开（条例第二十六条）。")
    doc_no = forms.CharField(label="文号", max_length=60, required=False,
                             help_text="例如：东政发〔2026〕3号；没有文号可不填。")
    summary = forms.CharField(label="内容概述", widget=forms.Textarea(attrs={"rows": 3}))
    issuer = forms.CharField(label="发布机构", max_length=100, required=False)
    topic = forms.CharField(label="主题分类", max_length=50, required=False,
                            help_text="可参照国务院公文主题分类，例如：综合政务\\政务公开。")
    disclosure_mode = forms.ChoiceField(label="公开方式", choices=DisclosureMode.choices, initial=DisclosureMode.PROACTIVE)
    withhold_reason = forms.CharField(label="不予公开理由", max_length=200, required=False)
    scope = forms.ChoiceField(label="公开范围", choices=Scope.choices, initial=Scope.PUBLIC)
    doc_kind = forms.ChoiceField(label="文件类型（年报表二统计）", choices=DocKind.choices, required=False)
    body_html = forms.CharField(label="正文", required=False, widget=forms.Textarea(attrs={"rows": 14}),
                                help_text="可直接粘贴Word内容；脚本、样式等会被自动清除。")
    change_note = forms.CharField(label="变更说明", max_length=200, required=False)

    def __init__(self, *args, categories=(), offices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c.pk, f"{c.get_column_display()} / {c.name}") for c in categories]
        self.fields["office"].choices = [("", "—")] + [(o.pk, o.name) for o in offices]


class UploadForm(forms.Form):
    file = forms.FileField(label="选择文件")


class ReviewForm(forms.Form):
    expected_step = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    secrecy_result = forms.ChoiceField(label="保密审查结果", required=False,
                                       choices=[("", "请选择")] + list(Decision.SecrecyResult.choices))
    removed_content = forms.CharField(label="删除内容说明（部分公开时必填）", required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))
    legal_ground = forms.ChoiceField(label="不予公开依据", required=False,
                                     choices=[("", "请选择")] + list(WithholdingGround.choices))
    revised_body_html = forms.CharField(label="删除后的正文（部分公开时可修改）", required=False,
                                        widget=forms.Textarea(attrs={"rows": 8}))


class ReturnForm(forms.Form):
    expected_step = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(label="退回意见", widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", max_length=200)


class NewVersionForm(forms.Form):
    change_note = forms.CharField(label="变更说明", max_length=200)
    formed_on = forms.DateField(label="变更日期", widget=DATE_WIDGET, required=False)


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label="有效性", choices=Validity.choices)
    abolished_on = forms.DateField(label="废止日期", widget=DATE_WIDGET, required=False)
    reason = forms.CharField(label="说明", max_length=200, required=False)


class CategoryForm(forms.Form):
    name = forms.CharField(label="栏目名称", max_length=50)
    column = forms.ChoiceField(label="所属栏目", choices=[c for c in StatutoryColumn.choices if c[0] != "guide"])
    statutory_items = forms.MultipleChoiceField(label="对应法定公开事项", choices=StatutoryItem.choices, required=False,
                                                widget=forms.CheckboxSelectMultiple)
    publish_limit_days = forms.IntegerField(label="公开时限（工作日）", required=False, min_value=1, max_value=20)
    description = forms.CharField(label="说明", max_length=200, required=False)


class CategoryEditForm(CategoryForm):
    category = forms.IntegerField(widget=forms.HiddenInput)
    sort_order = forms.IntegerField(label="排序", min_value=0, max_value=9999)
    is_active = forms.BooleanField(label="启用（停用后不再接收新草稿，已发布的信息仍然公开）", required=False)


class ChainForm(forms.Form):
    category = forms.TypedChoiceField(label="适用范围", coerce=int, required=False, empty_value=None)
    steps = forms.MultipleChoiceField(label="审核步骤（按顺序）", choices=ReviewStep.choices,
                                      widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "本机关默认流程")] + [(c.pk, c.name) for c in categories]

    def ordered_steps(self) -> list[str]:
        chosen = set(self.cleaned_data["steps"])
        return [s for s in ReviewStep.values if s in chosen]
