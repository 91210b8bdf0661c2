"""The `actions` of a record in the API: the transitions of its workflow (casework.workflow) the calling person may
perform now — by state, permission and legal condition, the same question the back office asks before it shows a
button — each with the endpoint that performs it. Every resource with a workflow (applications, annual reports,
catalogue revisions, the oversight registers) uses this one serializer: one `Action` schema component.

The endpoint of each action comes from a callable `(obj, transition name) -> path or None` (None: the API has no
endpoint for that action; the back office does): given to `ActionsField(url=...)`, or put in the serializer context
as `action_url` by the view. Without a request (internal serialisation) there are no actions."""

from collections.abc import Callable

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gongkai import clock

ActionUrl = Callable[[object, str], str | None]


class ActionSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="操作（工作流转换）名，例如 reply、answer、close")
    label = serializers.CharField(help_text="操作的中文名称，例如 答复、登记答复（答辩）")
    method = serializers.CharField(allow_null=True, help_text="HTTP 方法（POST）；接口不提供该操作时为 null")
    url = serializers.CharField(allow_null=True, help_text="执行该操作的接口地址；接口不提供该操作时为 null")


def actions_data(obj, context: dict, workflow=None, url: ActionUrl | None = None) -> list[dict]:
    """`obj`'s available actions (its model's `workflow`, or the one given) for the request's user, in declaration
    order, each with the absolute URL of its endpoint (`url`, else the context's `action_url`)."""
    request = context.get("request")
    if request is None:
        return []
    workflow = workflow or obj.workflow
    url_for = url or context.get("action_url")
    out = []
    for transition in workflow.available_actions(obj, request.user, clock.today()):
        path = url_for(obj, transition.name) if url_for else None
        out.append({"name": transition.name, "label": transition.label, "method": "POST" if path else None,
                    "url": request.build_absolute_uri(path) if path else None})
    return out


@extend_schema_field(ActionSerializer(many=True))
class ActionsField(serializers.Field):
    """`actions = ActionsField()` on the output serializer of a record whose model declares its `workflow`."""

    def __init__(self, workflow=None, url: ActionUrl | None = None, **kwargs):
        self.workflow, self.url = workflow, url
        kwargs.setdefault("help_text", "本人现在可以对该记录执行的操作（按状态、权限和法定条件，由工作流决定）")
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj) -> list[dict]:
        return actions_data(obj, self.context, self.workflow, self.url)
