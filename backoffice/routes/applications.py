"""Back-office routes of disclosure on application (under /manage/)."""

from django.urls import path

from backoffice.views import application_imports as imports
from backoffice.views import applications as views

urlpatterns = [
    path("applications/", views.application_list, name="applications"),
    path("applications/new/", views.application_create, name="application_create"),
    path("applications/import/", imports.ledger_import, name="application_import"),
    path("applications/import/<str:token>/", imports.ledger_import_run, name="application_import_run"),
    path("applications/templates/", views.letter_templates, name="application_templates"),
    path("applications/templates/<str:key>/", views.letter_template_edit, name="application_template"),
    path("applications/letters/<int:pk>/<str:fmt>/", views.letter_download, name="application_letter"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/personal/", views.application_personal, name="application_personal"),
    path("applications/<int:pk>/handler/", views.application_handler, name="application_handler"),
    path("applications/<int:pk>/proactive/", views.application_proactive, name="application_proactive"),
    path("applications/<int:pk>/<str:action>/", views.application_event, name="application_event"),
]
