from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "政府信息公开目录"

    def ready(self) -> None:
        from audit.labels import register_labels, register_state_labels
        from workdays.hooks import register_recomputer

        from . import services
        from .audit_labels import LABELS, STATE_LABELS

        register_labels(LABELS)
        register_state_labels(STATE_LABELS)
        register_recomputer("catalog", services.recompute_publish_dues)
