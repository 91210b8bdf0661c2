"""Deployment checks of personal-data protection (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Warning as CheckWarning

# The embedded default of gongkai/settings.py: it keeps `make run` working and must never protect real data.
DEVELOPMENT_FIELD_KEY = "ZGV2LW9ubHktZmllbGQta2V5LWNoYW5nZS1tZS0wMTI="


def field_encryption_key_check(app_configs, **kwargs):
    """Personal data encrypted under the published development key is not encrypted at all."""
    if settings.FIELD_ENCRYPTION_KEY == DEVELOPMENT_FIELD_KEY:
        return [CheckWarning(
            "FIELD_ENCRYPTION_KEY 仍为开发用密钥：个人信息（身份证号码、手机号码、地址）以公开的密钥加密。",
            hint="生产环境请设置 FIELD_ENCRYPTION_KEY 或 FIELD_ENCRYPTION_KEY_FILE（32 个随机字节，urlsafe base64），"
                 "并在载入任何个人信息之前设置：更换密钥后已加密的数据无法解密。",
            id="privacy.W001")]
    return []
