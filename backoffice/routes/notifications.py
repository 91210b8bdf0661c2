"""Back-office routes of the notifications kernel: the delivery log and one's own notification settings."""

from django.urls import path

from backoffice.views import notifications as views

urlpatterns = [
    path("notifications/", views.deliveries, name="deliveries"),
    path("notifications/settings/", views.notification_settings, name="notification_settings"),
]
