from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "backups"
    verbose_name = "备份与恢复"

    def ready(self) -> None:
        from audit.labels import register_labels

        from .audit_events import LABELS

        register_labels(LABELS)
