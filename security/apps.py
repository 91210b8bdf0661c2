from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = "安全管理"

    def ready(self):
        from audit.labels import register_labels

        from .tokens import LABELS as TOKEN_LABELS

        register_labels(TOKEN_LABELS)
