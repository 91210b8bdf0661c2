"""Portal routes of the supervision registers (互动: complaints, 找错, subscriptions, ratings, reading points)."""

from django.urls import path

from portal.views import oversight as views

urlpatterns = [
    path("hd/complaint/", views.complaint, name="complaint"),
    path("hd/complaint/done/", views.complaint_done, name="complaint_done"),
    path("hd/complaint/track/", views.complaint_track, name="complaint_track"),
    path("hd/site-error/", views.site_error_report, name="site_error_report"),
    path("hd/site-error/done/", views.site_error_done, name="site_error_done"),
    path("hd/subscriptions/", views.subscribe, name="subscribe"),
    path("hd/subscriptions/sent/", views.subscribe_sent, name="subscribe_sent"),
    path("hd/subscriptions/confirm/<str:token>/", views.subscription_confirm, name="subscription_confirm"),
    path("hd/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("hd/rate/", views.rate, name="rate"),
    path("hd/reading-points/", views.reading_points, name="reading_points"),
]
