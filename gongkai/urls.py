from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("api/", include("api.urls")),
    path("manage/", include("backoffice.urls")),
    path("django-admin/", admin.site.urls),
    path("", include("portal.urls")),
]

# JSON under /api/, the portal's or back office's Chinese page elsewhere (gongkai/error_views.py).
handler400 = "gongkai.error_views.bad_request"
handler403 = "gongkai.error_views.permission_denied"
handler404 = "gongkai.error_views.not_found"
handler500 = "gongkai.error_views.server_error"
