"""Deployment checks of the supervision registers (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Warning as CheckWarning


def sms_backend_check(app_configs, **kwargs):
    """The file SMS backend writes messages (with phone numbers) to local disk: fine for the demo, not production."""
    if settings.SMS_BACKEND.endswith(("FileSmsBackend", "MemorySmsBackend")):
        return [CheckWarning(
            "SMS_BACKEND 仍为开发用后端：短信内容（含手机号码）写入本地文件或内存，不会发送。",
            hint="生产环境请在 SMS_BACKEND 中配置短信网关的后端类（继承 oversight.sms.BaseSmsBackend）。",
            id="oversight.W001")]
    return []
