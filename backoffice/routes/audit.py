"""Back-office routes of the audit trail (审计管理员 only)."""

from django.urls import path

from backoffice.views import audit as views

urlpatterns = [
    path("audit/", views.event_list, name="audit"),
    path("audit/export.xlsx", views.event_export, name="audit_export"),
    path("audit/verify/", views.chain_verify, name="audit_verify"),
]
