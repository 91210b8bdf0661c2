from django.urls import include, path

app_name = "portal"
urlpatterns = [
    path("", include("portal.routes.catalog")),
    path("", include("portal.routes.applications")),
    path("", include("portal.routes.oversight")),
    path("", include("portal.routes.reports")),
    path("", include("portal.routes.opendata")),
    path("", include("portal.routes.notifications")),
]
