"""Portal routes of the notices sent to applicants, complainants and 找错 reporters (the unsubscribe link)."""

from django.urls import path

from portal.views import notifications as views

urlpatterns = [
    path("notices/unsubscribe/<str:token>/", views.unsubscribe, name="notices_unsubscribe"),
]
