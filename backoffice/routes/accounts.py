"""Back-office routes of staff accounts and roles (人员账号)."""

from django.urls import path

from backoffice.views import accounts as views

urlpatterns = [
    path("accounts/", views.account_list, name="accounts"),
    path("accounts/new/", views.account_create, name="account_create"),
    path("accounts/<int:pk>/", views.account_detail, name="account"),
    path("accounts/<int:pk>/roles/", views.account_grant, name="account_grant"),
    path("accounts/<int:pk>/roles/<int:membership_pk>/delete/", views.account_revoke, name="account_revoke"),
    path("accounts/<int:pk>/deactivate/", views.account_deactivate, name="account_deactivate"),
    path("accounts/<int:pk>/reactivate/", views.account_reactivate, name="account_reactivate"),
    path("accounts/<int:pk>/password/", views.account_password_reset, name="account_password_reset"),
    path("accounts/<int:pk>/mfa/reset/", views.account_mfa_reset, name="account_mfa_reset"),
]
