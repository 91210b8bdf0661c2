"""The project's URLs plus `/bench/trivial/`: the cheapest Django response, served by the same stack in the same run."""

from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_GET

from gongkai.urls import handler400, handler403, handler404, handler500  # noqa: F401 - the error views stay the same


@require_GET
def trivial(request):
    return HttpResponse("你好，政府信息公开", content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("bench/trivial/", trivial, name="bench-trivial"),
    path("", include("gongkai.urls")),
]
