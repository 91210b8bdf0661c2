from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "个人信息保护"

    def ready(self):
        from django.core.checks import register

        from .checks import field_encryption_key_check

        register(field_encryption_key_check, deploy=True)
