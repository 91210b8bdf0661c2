"""Forms of the 人员账号 pages: they only parse input; agencies.accounts validates and decides (which roles the person
may grant, the password rules), so a hand-made POST meets the same rules as the form."""

from django import forms

from agencies.models import Role


def _role_widget(roles: list[str]) -> forms.Select:
    return forms.Select(choices=[("", "—")] + [(r, Role(r).label) for r in roles])


def _office_choices(offices) -> list[tuple]:
    return [("", "—")] + [(o.pk, o.name) for o in offices]


class AccountCreateForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150, help_text="登录用，字母、数字或 @.+-_，不区分大小写且不能重复。")
    full_name = forms.CharField(label="姓名", max_length=50)
    email = forms.EmailField(label="电子邮箱", required=False)
    password = forms.CharField(label="初始密码", required=False, strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                               help_text="留空则自动生成。至少10位，不能全为数字；本人首次登录时须修改。")
    # A CharField, not a ChoiceField: the list shows the roles the person may grant, the service refuses the others
    # with the reason (a 403), not with a generic "invalid choice".
    role = forms.CharField(label="角色", max_length=30, required=False)
    office = forms.TypedChoiceField(label="办所（信息员）", coerce=int, required=False, empty_value=None)
    title = forms.CharField(label="职务", max_length=50, required=False)

    def __init__(self, *args, roles: list[str], offices, at_root: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].widget = _role_widget(roles)
        self.fields["office"].choices = _office_choices(offices)
        if at_root:
            self.fields["role"].help_text = "可留空：不分配角色的账号（例如审计管理员，由运维人员在服务器控制台授予角色）。"


class GrantForm(forms.Form):
    role = forms.CharField(label="角色", max_length=30)
    office = forms.TypedChoiceField(label="办所（信息员）", coerce=int, required=False, empty_value=None)
    title = forms.CharField(label="职务", max_length=50, required=False)

    def __init__(self, *args, roles: list[str], offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].widget = _role_widget(roles)
        self.fields["office"].choices = _office_choices(offices)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=200, required=False)


class MfaResetForm(forms.Form):
    reason = forms.CharField(label="重置原因", max_length=200, required=False, help_text="例如：手机遗失。将记入审计记录。")
