"""Back-office routes of the catalogue and of the shared kernel (login, agency, calendar, site settings)."""

from django.urls import path

from backoffice.views import agencies, auth
from backoffice.views import catalog as views

urlpatterns = [
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("", views.workbench, name="workbench"),
    path("items/", views.item_list, name="items"),
    path("items/new/", views.item_create, name="item_create"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/new-version/", views.item_new_version, name="item_new_version"),
    path("items/<int:pk>/withdraw/", views.item_withdraw, name="item_withdraw"),
    path("items/<int:pk>/validity/", views.item_validity, name="item_validity"),
    path("revisions/<int:pk>/edit/", views.revision_edit, name="revision_edit"),
    path("revisions/<int:pk>/submit/", views.revision_submit, name="revision_submit"),
    path("revisions/<int:pk>/approve/", views.revision_approve, name="revision_approve"),
    path("revisions/<int:pk>/return/", views.revision_return, name="revision_return"),
    path("revisions/<int:pk>/discard/", views.revision_discard, name="revision_discard"),
    path("revisions/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("findings/<int:pk>/acknowledge/", views.finding_acknowledge, name="finding_acknowledge"),
    path("categories/", agencies.categories, name="categories"),
    path("agency/", agencies.agency_profile, name="agency"),
    path("agency/offices/", agencies.office_add, name="office_add"),
    path("agency/registry/", agencies.registry_save, name="registry_save"),
    path("agency/registry/<int:pk>/delete/", agencies.registry_delete, name="registry_delete"),
    path("agency/registry.xlsx", agencies.registry_export, name="registry_export"),
    path("calendar/", agencies.calendar, name="calendar"),
    path("site/", agencies.site_settings_view, name="site_settings"),
]
