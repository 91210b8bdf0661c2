"""Back-office routes of statistics and annual reports."""

from django.urls import path

from backoffice.views import reports as views

urlpatterns = [
    path("reports/", views.dashboard, name="reports"),
    path("reports/generate/", views.generate, name="report_generate"),
    path("reports/past/", views.past_import, name="reports_past_import"),
    path("reports/county/", views.county, name="reports_county"),
    path("reports/county/<int:year>/cells/<slug:table>/<slug:row>/<slug:column>/", views.county_cell,
         name="reports_county_cell"),
    path("reports/quarterly/", views.quarterly, name="reports_quarterly"),
    path("reports/quarterly/submit/", views.quarterly_submit, name="reports_quarterly_submit"),
    path("reports/quarterly/county/", views.quarterly_county, name="reports_quarterly_county"),
    path("reports/quarterly/<int:pk>/", views.quarterly_statement, name="reports_quarterly_statement"),
    path("reports/<int:pk>/", views.detail, name="report"),
    path("reports/<int:pk>/action/<slug:name>/", views.action, name="report_action"),
    path("reports/<int:pk>/cells/<slug:table>/<slug:row>/<slug:column>/", views.cell, name="report_cell"),
    path("reports/<int:pk>/texts/<slug:key>/", views.text, name="report_text"),
    path("reports/<int:pk>/download.<slug:fmt>", views.download, name="report_download"),
]
