"""Portal routes of the catalogue: home, agencies, columns, categories, items, guide, search, feeds, tools."""

from django.urls import path

from portal.views import catalog as views
from portal.views import feeds

urlpatterns = [
    path("", views.home, name="home"),
    path("gk/", views.agencies, name="agencies"),
    path("gk/<str:code>/", views.agency, name="agency"),
    path("gk/<str:code>/guide/", views.guide, name="guide"),
    path("gk/<str:code>/column/<str:column>/", views.column, name="column"),
    path("gk/<str:code>/c/<int:category_id>/", views.category, name="category"),
    path("gk/<str:code>/feed.xml", feeds.AgencyFeed(), name="agency_feed"),
    path("gk/<str:code>/c/<int:category_id>/feed.xml", feeds.CategoryFeed(), name="category_feed"),
    path("item/<path:index_no>/files/<int:attachment_id>/", views.attachment, name="attachment"),
    path("item/<path:index_no>/", views.item, name="item"),
    path("search/", views.search, name="search"),
    path("tools/due-date/", views.due_date, name="due_date"),
    path("sitemap/", views.sitemap, name="sitemap"),
    path("contact/", views.contact, name="contact"),
    path("elder-mode/", views.elder_mode, name="elder_mode"),
]
