"""API routes of 数据开放 (under /api/v1/open-data/)."""

from django.urls import path

from api.views import opendata as views

urlpatterns = [
    path("open-data/", views.IndexView.as_view(), name="api-open-data"),
    path("open-data/dictionary/", views.DictionaryView.as_view(), name="api-open-data-dictionary"),
    path("open-data/catalogue/<str:code>/all.<slug:fmt>", views.CatalogueView.as_view(include_below=True),
         name="api-open-data-catalogue-all"),
    path("open-data/catalogue/<str:code>.<slug:fmt>", views.CatalogueView.as_view(), name="api-open-data-catalogue"),
    path("open-data/annual-reports/<str:code>/all.<slug:fmt>", views.ReportsView.as_view(include_below=True),
         name="api-open-data-reports-all"),
    path("open-data/annual-reports/<str:code>/<int:year>.<slug:fmt>", views.ReportView.as_view(),
         name="api-open-data-report"),
    path("open-data/annual-reports/<str:code>.<slug:fmt>", views.ReportsView.as_view(),
         name="api-open-data-reports"),
]
