"""A register's API built from its workflow: the detail endpoint and one POST endpoint per transition the API offers.

Every transition endpoint does the same thing (conventions §5): fetch and authorise the record (404/403), parse the
input (400), call the register's one service for that transition (its domain errors become `{"code", "detail"}` with
their status: 409 when the state does not allow it), and answer the record as the detail endpoint does, with its
`actions`. A register declares only what differs: which transition, which input, which service call. The workflow is
the reference: an endpoint naming a transition the workflow does not have fails at import, and `action_url` tells the
`actions` of a record which endpoint performs each of them."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import path, reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response


@dataclass(frozen=True)
class Endpoint:
    """One POST endpoint performing one transition of the register's workflow."""

    transition: str
    run: Callable[[Any, Any, dict], object]  # (record, acting user, parsed input): calls the one service
    request: type[serializers.Serializer] | None = None  # the input; None: no body
    slug: str = ""  # the URL segment; default: the transition's name with hyphens
    url_name: str = ""  # the URL name's suffix; default: the slug
    summary: str = ""  # the description in the API documentation; default: the transition's label

    @property
    def segment(self) -> str:
        return self.slug or self.transition.replace("_", "-")


class RegisterAPI:
    """The detail and transition endpoints of one register (`model` declares `workflow`).

    `fetch(user, pk)` fetches and authorises a record (NotFound/PermissionDenied); `out` serialises it, with
    `context` (e.g. {"detail": True}); `url_name` is the detail endpoint's URL name, the transitions' names are
    `<url_name>-<slug>`. `detail=False`: the register has no detail endpoint of its own (work-plan tasks are read
    with their plan)."""

    def __init__(self, model, *, url_name: str, out: type[serializers.Serializer], fetch: Callable[[Any, int], Any],
                 endpoints: Iterable[Endpoint], context: dict | None = None, detail: bool = True,
                 detail_summary: str = ""):
        self.model, self.workflow = model, model.workflow
        self.url_name, self.out, self.fetch = url_name, out, fetch
        self.extra_context = dict(context or {})
        self.endpoints = tuple(endpoints)
        self._by_transition: dict[str, Endpoint] = {}
        for endpoint in self.endpoints:
            self.workflow.get(endpoint.transition)  # KeyError at import: the workflow has no such transition
            self._by_transition.setdefault(endpoint.transition, endpoint)
        self.detail_view = self._make_detail_view(detail_summary) if detail else None
        self.views = {endpoint.segment: self._make_view(endpoint) for endpoint in self.endpoints}

    # --- serialisation -----------------------------------------------------------------------------------------------

    def action_url(self, obj, transition: str) -> str | None:
        """The path of the endpoint performing `transition` on `obj`, or None when the API has none."""
        endpoint = self._by_transition.get(transition)
        if endpoint is None:
            return None
        return reverse(f"{self.url_name}-{endpoint.url_name or endpoint.segment}", args=[obj.pk])

    def context(self, request) -> dict:
        return {"request": request, "action_url": self.action_url, **self.extra_context}

    def respond(self, request, obj, code: int = status.HTTP_200_OK) -> Response:
        obj.refresh_from_db()
        return Response(self.out(obj, context=self.context(request)).data, status=code)

    # --- views ---------------------------------------------------------------------------------------------------

    def _name(self, suffix: str) -> str:
        return f"{self.model._meta.model_name}_{suffix}"

    def _make_detail_view(self, summary: str):
        def view(request, pk: int):
            return self.respond(request, self.fetch(request.user, pk))

        view.__name__, view.__doc__ = self._name("detail"), summary or None
        return extend_schema(responses=self.out)(api_view(["GET"])(permission_classes([IsAuthenticated])(view)))

    def _make_view(self, endpoint: Endpoint):
        transition = self.workflow.get(endpoint.transition)

        def view(request, pk: int):
            obj = self.fetch(request.user, pk)
            data = {}
            if endpoint.request is not None:
                serializer = endpoint.request(data=request.data)
                serializer.is_valid(raise_exception=True)
                data = dict(serializer.validated_data)
            endpoint.run(obj, request.user, data)
            return self.respond(request, obj)

        view.__name__ = self._name(endpoint.transition)
        view.__doc__ = endpoint.summary or f"{transition.label}。"
        return extend_schema(request=endpoint.request, responses=self.out)(
            api_view(["POST"])(permission_classes([IsAuthenticated])(view)))

    def urls(self, prefix: str) -> list:
        """The URL patterns under `prefix` (e.g. "complaints/"): `<pk>/` and `<pk>/<slug>/`."""
        patterns = [path(f"{prefix}<int:pk>/", self.detail_view, name=self.url_name)] if self.detail_view else []
        for endpoint in self.endpoints:
            patterns.append(path(f"{prefix}<int:pk>/{endpoint.segment}/", self.views[endpoint.segment],
                                 name=f"{self.url_name}-{endpoint.url_name or endpoint.segment}"))
        return patterns
