from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "统计与年度报告"

    def ready(self) -> None:
        from audit.labels import register_labels
        from casework.reminders import register_source

        from .audit_labels import LABELS
        from .reminders import due_reports

        register_labels(LABELS)
        register_source("reports.annual", due_reports)
