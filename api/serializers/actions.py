"""The `actions` of an object in the API: the transitions of its workflow (casework.workflow) the requesting person
may perform now — by state, permission and legal condition — each with the endpoint that performs it. Every resource
with a workflow uses this one serializer (one `Action` schema component) and `actions_of`."""

from collections.abc import Callable

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gongkai import clock


class ActionSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="操作名，即执行接口路径的最后一段（如 reply）")
    label = serializers.CharField(help_text="操作名称（如 答复）")
    method = serializers.CharField(help_text="HTTP 方法（POST）")
    url = serializers.CharField(help_text="执行该操作的接口路径")


def actions_of(obj, context: dict, url: Callable[[object, str], str], workflow=None) -> list[dict]:
    """`obj`'s available actions (its `workflow`, or the one given) for the request's user, in declaration order;
    `url(obj, name)` is the endpoint of each. Without a request (internal serialisation) there are none."""
    request = context.get("request")
    user = getattr(request, "user", None)
    workflow = workflow or obj.workflow
    return [{"name": t.name, "label": t.label, "method": "POST", "url": url(obj, t.name)}
            for t in workflow.available_actions(obj, user, clock.today())]


def actions_field() -> serializers.SerializerMethodField:
    """The `actions` field; pair it with a `get_actions` method decorated with `@documented_actions`."""
    return serializers.SerializerMethodField(help_text="本人现在可以执行的操作（按状态、权限和法定条件）")


documented_actions = extend_schema_field(ActionSerializer(many=True))
