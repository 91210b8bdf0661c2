from django import forms


class SecondFactorForm(forms.Form):
    code = forms.CharField(label="验证码", max_length=20, strip=True,
                           help_text="输入验证器应用显示的 6 位动态验证码；手机不在身边时，可输入一个恢复码（每个只能用一次）。",
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True,
                                                         "inputmode": "text", "spellcheck": "false"}))


class EnrolmentForm(forms.Form):
    code = forms.CharField(label="验证码", max_length=10, strip=True,
                           help_text="添加账号后，输入验证器应用显示的 6 位数字。",
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label="原密码", strip=False,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    new_password = forms.CharField(label="新密码", strip=False,
                                   help_text="至少 10 位，包含大写字母、小写字母、数字、符号中的至少 3 类，不能与用户名、姓名相近，不能是常见密码。",
                                   widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    new_password2 = forms.CharField(label="确认新密码", strip=False,
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("new_password") and data.get("new_password2") and data["new_password"] != data["new_password2"]:
            self.add_error("new_password2", "两次输入的新密码不一致。")
        return data


class UnlockForm(forms.Form):
    username = forms.CharField(required=False, max_length=150)
    ip_address = forms.GenericIPAddressField(required=False)
