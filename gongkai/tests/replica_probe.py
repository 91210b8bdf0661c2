"""A portal-namespaced page for the replica tests: it reports where each of its reads went, and writes when asked."""

import json

import psycopg
from django.db import connections, transaction
from django.http import JsonResponse
from django.urls import include, path

from catalog.models import Category, Item
from gongkai.db_router import read_alias


def _where(alias: str) -> dict:
    if connections[alias].vendor != "postgresql":
        return {"alias": alias, "in_recovery": False}
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        return {"alias": alias, "in_recovery": cursor.fetchone()[0]}


def probe(request, category_id: int):
    mode = request.GET.get("mode", "")
    seen = {"first": _where(Item.objects.all().db), "titles": list(Item.objects.values_list("title", flat=True))}
    if mode == "kill" and read_alias() != "default":
        # The replica drops this request's connection (as a restart would) before its next query.
        connection = connections[read_alias()]
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        with psycopg.connect(host=connection.settings_dict["HOST"], port=connection.settings_dict["PORT"],
                             user="postgres", dbname="postgres", autocommit=True) as control:
            control.execute("SELECT pg_terminate_backend(%s)", (pid,))
        seen["after_kill"] = list(Item.objects.values_list("title", flat=True))
    if mode == "atomic":
        with transaction.atomic():
            seen["in_transaction"] = _where(Item.objects.all().db)
        seen["after_transaction"] = _where(Item.objects.all().db)
        with transaction.atomic():
            locked = Category.objects.select_for_update().filter(pk=category_id)
            seen["select_for_update"] = _where(locked.db)
            list(locked)
    if mode == "nested":  # a page rendered inside this request (as publication does on commit)
        from django.core.handlers.base import BaseHandler
        from django.test import RequestFactory

        handler = BaseHandler()
        handler.load_middleware()
        seen["nested"] = json.loads(handler.get_response(RequestFactory().get(request.path)).content)
    if mode == "write":
        Category.objects.filter(pk=category_id).update(name="改名后的栏目")
        seen["after_write"] = _where(Item.objects.all().db)
        seen["name_after_write"] = Category.objects.get(pk=category_id).name
    seen["last"] = _where(Item.objects.all().db)
    return JsonResponse(seen)


# The portal's application namespace under an instance name of its own: the router sees a portal page.
urlpatterns = [path("probe/<int:category_id>/", include(([path("", probe, name="probe")], "portal"), namespace="probe"))]
