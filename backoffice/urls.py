from django.urls import include, path

app_name = "backoffice"
urlpatterns = [
    path("", include("backoffice.routes.catalog")),
    path("", include("backoffice.routes.applications")),
    path("", include("backoffice.routes.oversight")),
    path("", include("backoffice.routes.reports")),
    path("", include("backoffice.routes.accounts")),
    path("", include("backoffice.routes.tokens")),
    path("", include("backoffice.routes.audit")),
    path("", include("backoffice.routes.security")),
    path("", include("backoffice.routes.imports")),
    path("", include("backoffice.routes.notifications")),
]
