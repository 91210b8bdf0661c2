from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("api/", include("api.urls")),
    path("manage/", include("backoffice.urls")),
    path("django-admin/", admin.site.urls),
    path("", include("portal.urls")),
]

handler400 = "portal.views.errors.bad_request"
handler403 = "portal.views.errors.permission_denied"
handler404 = "portal.views.errors.not_found"
handler500 = "portal.views.errors.server_error"
