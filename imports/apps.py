from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = "数据导入"

    def ready(self) -> None:
        from audit.labels import register_labels

        from .audit_labels import LABELS

        register_labels(LABELS)
