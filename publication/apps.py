from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "publication"
    verbose_name = "静态发布"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from audit.models import AuditEvent

        from . import services

        # Every change the public pages show is an audit event written in the change's own transaction: the outbox
        # rows are written in that same transaction, so the other apps' services need no call of their own.
        post_save.connect(services.on_audit_event, sender=AuditEvent, dispatch_uid="publication.on_audit_event")
