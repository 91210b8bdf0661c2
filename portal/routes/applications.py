"""Portal routes of disclosure on application: apply online, the printable receipt, tracking by 查询码."""

from django.urls import path

from portal.views import applications as views

urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("apply/receipt/", views.apply_receipt, name="apply_receipt"),
    path("track/", views.track, name="track"),
    path("track/letters/<int:letter_id>/", views.track_letter, name="track_letter"),
]
