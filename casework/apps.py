from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "案件与期限"

    def ready(self) -> None:
        from audit.labels import register_labels

        register_labels({
            "casework.due_recomputed": "工作日历调整，重算办理期限",
            "casework.service_level.set": "设置办理期限",
        })
