"""Portal routes of 数据开放 (open data): the page, the data dictionary and the downloads."""

from django.urls import path

from portal.views import opendata as views

urlpatterns = [
    path("data/", views.index, name="open_data"),
    path("data/dictionary/", views.dictionary, name="open_data_dictionary"),
    path("data/catalogue/<str:code>/all.<slug:fmt>", views.catalogue, {"include_below": True},
         name="open_data_catalogue_all"),
    path("data/catalogue/<str:code>.<slug:fmt>", views.catalogue, name="open_data_catalogue"),
    path("data/annual-reports/<str:code>/all.<slug:fmt>", views.all_report_tables, {"include_below": True},
         name="open_data_reports_all"),
    path("data/annual-reports/<str:code>/<int:year>.<slug:fmt>", views.report_tables, name="open_data_report"),
    path("data/annual-reports/<str:code>.<slug:fmt>", views.all_report_tables, name="open_data_reports"),
]
