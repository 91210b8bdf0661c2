from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "通知"

    def ready(self) -> None:
        from audit.labels import register_labels

        from . import events

        register_labels({
            "notifications.preference.saved": "修改通知设置",
            "notifications.public.opted_out": "退订办理进展通知",
        })
        events.connect()
