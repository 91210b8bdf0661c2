from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from audit.labels import register_labels, register_state_labels
        from casework.reminders import register_source
        from workdays.hooks import register_recomputer

        from . import reminders, services
        from .audit_labels import LABELS
        from .models import Status

        register_labels(LABELS)
        register_state_labels(dict(Status.choices))
        # A calendar change recomputes every open application's periods and records it on each (Alaveteli #7292).
        register_recomputer("applications", services.recompute_open_due_dates)
        register_source("applications", reminders.due_records)
