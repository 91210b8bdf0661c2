"""Portal routes of the annual reports (the 政府信息公开年报 column lists them through reports.selectors)."""

from django.urls import path

from portal.views import reports as views

urlpatterns = [
    path("gk/<str:code>/annual-reports/<int:year>/", views.annual_report, name="annual_report"),
    path("gk/<str:code>/annual-reports/<int:year>.<slug:fmt>", views.annual_report_download,
         name="annual_report_download"),
]
