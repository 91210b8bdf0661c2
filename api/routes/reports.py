"""API routes of the reports domain."""

from django.urls import path

from api.views import reports as views

PREFIX = "reports/annual/<str:agency_code>/<int:year>/"

urlpatterns = [
    path(PREFIX, views.AnnualReportView.as_view(), name="api-annual-report"),
    path(PREFIX + "generate/", views.GenerateView.as_view(), name="api-annual-report-generate"),
    path(PREFIX + "cells/", views.CellView.as_view(), name="api-annual-report-cell"),
    path(PREFIX + "texts/<slug:key>/", views.TextView.as_view(), name="api-annual-report-text"),
    *(path(PREFIX + f"{name}/", views.ActionView.as_view(action_name=name), name=f"api-annual-report-{name}")
      for name in views.ACTIONS),
    path("reports/county/<int:year>/", views.CountyView.as_view(), name="api-county-report"),
    path("reports/quarterly/<str:agency_code>/<int:year>/<int:quarter>/", views.QuarterlyView.as_view(),
         name="api-quarterly"),
]
