"""Template filters over the workflow kernel: a page shows an object's state with the label and tone its workflow
declares (`<span class="badge badge-{{ obj|state_tone }}">{{ obj|state_label }}</span>`), never by comparing state
strings. Any object with `status` and a `workflow` (a register's case, an application) will do."""

from django import template

register = template.Library()


@register.filter
def state_label(obj) -> str:
    return obj.workflow.state_label(obj.status)


@register.filter
def state_tone(obj) -> str:
    """ok / warn / danger / muted (the badge-* classes)."""
    return obj.workflow.state_tone(obj.status)


@register.filter
def state_progress(obj) -> list[tuple[str, bool]]:
    """The workflow's milestones for the object's state: `{% for label, done in obj|state_progress %}`."""
    return obj.workflow.progress(obj.status)
