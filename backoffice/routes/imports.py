"""Back-office routes of imports."""

from django.urls import path

from backoffice.views import imports as views

urlpatterns = [
    path("imports/", views.import_list, name="imports"),
    path("imports/<int:pk>/", views.import_detail, name="import"),
    path("imports/<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("imports/<int:pk>/check/", views.import_check, name="import_check"),
    path("imports/<int:pk>/import/", views.import_start, name="import_start"),
]
