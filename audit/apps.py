from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "审计记录"

    def ready(self) -> None:
        from .labels import register_labels, register_state_labels

        register_labels({
            "audit.chain.verified": "校验审计记录完整性",
            "audit.events.exported": "导出审计记录",
        })
        register_state_labels({"intact": "完整", "broken": "不完整"})
