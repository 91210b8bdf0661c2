from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = "监督保障"

    def ready(self) -> None:
        from django.core.checks import register

        from audit.labels import register_labels

        from .checks import sms_backend_check

        register(sms_backend_check, deploy=True)
        from casework.registry import register_case_type
        from catalog import matters
        from catalog.hooks import register_on_published

        from . import models
        from .audit_labels import LABELS
        from .services import subscriptions, suggestions

        # State names are not registered globally (codes such as "replied" mean other things in other apps): the
        # registers' timelines name states through their own workflows.
        register_labels(LABELS)
        register_labels(matters.LABELS)  # the standard catalogue's services live in catalog/matters.py

        register_case_type(models.ReviewCase, label="复议诉讼",
                           describe=lambda c: f"{c.get_kind_display()} {c.case_no or c.number} 答复（答辩）期限")
        register_case_type(models.Suggestion, label="建议提案",
                           describe=lambda c: f"{c.get_kind_display()}{c.proposal_no}（{c.title[:20]}）"
                                              f"{'办理期限' if c.status == 'handling' else '复文公开期限'}")
        register_case_type(models.Complaint, label="投诉举报", describe=lambda c: f"投诉举报 {c.number} 答复期限")
        register_case_type(models.SiteErrorReport, label="网站纠错", describe=lambda c: f"网站纠错 {c.number} 答复期限")
        register_case_type(models.WorkPlanTask, label="工作要点任务",
                           describe=lambda c: f"年度工作要点任务“{c.title[:20]}”完成时限")

        # After a publication commits: a suggestion's reply becomes public; subscribers are sent the new item.
        register_on_published("oversight.suggestion_reply", suggestions.on_item_published)
        register_on_published("oversight.subscriptions", subscriptions.on_item_published)
