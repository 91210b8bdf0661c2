"""Template helpers of the supervision registers (display only)."""

from django import template

from oversight import selectors

register = template.Library()


@register.simple_tag
def reading_points_of(agency):
    """The agency's open reading points, for its 政府信息公开指南."""
    return selectors.reading_points_for(agency) if agency is not None else []


@register.filter
def case_state(case) -> str:
    """A case's state in its own register's words."""
    return case.workflow.state_label(case.status)


@register.simple_tag
def state_label(case, state: str) -> str:
    """A state code from an audit event, named by the case's register."""
    return case.workflow.state_label(state) if state else ""
