"""API routes of the catalogue and the calendar (under /api/v1/)."""

from django.urls import path

from api.views import catalog as views

urlpatterns = [
    path("agencies/", views.AgencyList.as_view(), name="api-agencies"),
    path("items/", views.ItemList.as_view(), name="api-items"),
    path("items/<path:index_no>/", views.item_detail, name="api-item"),
    path("calendar/due-date/", views.due_date, name="api-due-date"),
    path("staff/items/", views.StaffItemList.as_view(), name="api-staff-items"),
    path("staff/drafts/", views.draft_create, name="api-draft-create"),
    path("staff/revisions/<int:pk>/", views.revision_detail, name="api-revision"),
    *views.REVISIONS.urls("staff/revisions/"),  # submit, approve, return, discard: from the revision workflow
    path("staff/revisions/<int:pk>/attachments/", views.attachment_upload, name="api-attachment-upload"),
    path("staff/revisions/<int:pk>/body/", views.body_import, name="api-body-import"),
    path("staff/attachments/<int:pk>/", views.attachment_delete, name="api-attachment-delete"),
    path("staff/findings/<int:pk>/acknowledge/", views.finding_acknowledge, name="api-finding-acknowledge"),
    path("staff/items/<int:pk>/new-version/", views.item_new_version, name="api-item-new-version"),
    path("staff/items/<int:pk>/withdraw/", views.item_withdraw, name="api-item-withdraw"),
    path("staff/items/<int:pk>/validity/", views.item_validity, name="api-item-validity"),
    path("staff/agencies/<str:code>/categories/", views.category_create, name="api-category-create"),
    path("staff/agencies/<str:code>/categories/<int:pk>/", views.category_update, name="api-category-update"),
    path("staff/agencies/<str:code>/chain/", views.chain_set, name="api-chain-set"),
]
