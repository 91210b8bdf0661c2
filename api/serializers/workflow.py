"""The `actions` of a record in the API: what the calling person may do to it now, read from its workflow (the same
question the back office asks before it shows a button), each with the endpoint that performs it.

A view puts `action_url` in the serializer context: a callable `(request, obj, transition name) -> path or None`
(None: the API has no endpoint for that action; the back office does). Without it every url is null."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gongkai import clock


class WorkflowActionSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="动作（工作流转换）名称，例如 answer、close")
    label = serializers.CharField(help_text="动作的中文名称，例如 登记答复（答辩）")
    url = serializers.CharField(allow_null=True, help_text="执行该动作的接口地址（POST）；接口不提供该动作时为 null")




def actions_data(obj, context: dict, workflow=None) -> list[dict]:
    request = context.get("request")
    if request is None:
        return []
    workflow = workflow or type(obj).workflow
    url_for = context.get("action_url")
    out = []
    for t in workflow.available_actions(obj, request.user, clock.today()):
        path = url_for(obj, t.name) if url_for else None
        out.append({"name": t.name, "label": t.label, "url": request.build_absolute_uri(path) if path else None})
    return out


@extend_schema_field(WorkflowActionSerializer(many=True))
class ActionsField(serializers.Field):
    """`actions = ActionsField()` on the output serializer of a record whose model declares its `workflow`."""

    def __init__(self, workflow=None, **kwargs):
        self.workflow = workflow
        kwargs.setdefault("help_text", "当前用户现在可以对该记录执行的动作（由工作流决定）")
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj) -> list[dict]:
        return actions_data(obj, self.context, self.workflow)
