"""The form of the back office's API token page: it only parses input; security.tokens validates and decides."""

from datetime import timedelta

from django import forms
from django.conf import settings

from gongkai import clock
from security.models import ApiToken

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ApiTokenForm(forms.Form):
    name = forms.CharField(label="名称", max_length=50, help_text="用途或调用系统的名称，例如“县政务服务平台对接”。")
    scope = forms.ChoiceField(label="权限范围", choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ,
                              help_text="只读令牌只能查询；读写令牌可以按您的角色权限办理业务。")
    expires_on = forms.DateField(label="有效期至", widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = clock.today()
        latest = today + timedelta(days=settings.API_TOKEN_MAX_DAYS)
        self.fields["expires_on"].initial = today + timedelta(days=settings.API_TOKEN_DEFAULT_DAYS)
        self.fields["expires_on"].help_text = (f"当日24时后失效；最长{settings.API_TOKEN_MAX_DAYS}天，"
                                               f"即不晚于{latest.year}年{latest.month}月{latest.day}日。")
