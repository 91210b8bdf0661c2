"""API routes of disclosure on application (under /api/v1/): the code lists, staff registration and reading, and one
POST endpoint per event."""

from django.urls import path

from api.views import applications as views

urlpatterns = [
    path("reply-codes/", views.reply_codes, name="api-reply-codes"),
    path("applicant-types/", views.applicant_types, name="api-applicant-types"),
    path("applications/", views.ApplicationCollection.as_view(), name="api-applications"),
    path("applications/<int:pk>/", views.application_detail, name="api-application"),
    *[path(f"applications/<int:pk>/{name}/", view, name=f"api-application-{name}")
      for name, view in views.ACTION_VIEWS.items()],
]
