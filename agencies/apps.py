from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = "机关与人员"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from audit.labels import register_labels

        from .audit_labels import LABELS

        register_labels(LABELS)

        from .access import invalidate_grants
        from .models import Agency, Membership

        for model in (Agency, Membership):
            post_save.connect(invalidate_grants, sender=model, dispatch_uid=f"grants-{model.__name__}-save")
            post_delete.connect(invalidate_grants, sender=model, dispatch_uid=f"grants-{model.__name__}-delete")
