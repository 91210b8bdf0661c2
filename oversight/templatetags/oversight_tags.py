"""Template helpers of the supervision registers (display only), for other areas' pages to include."""

from django import template

from oversight import selectors
from oversight.rules import remedy_deadlines

register = template.Library()


@register.simple_tag
def reading_points_of(agency):
    """The agency's open reading points, for its 政府信息公开指南."""
    return selectors.reading_points_for(agency) if agency is not None else []


@register.simple_tag
def remedies_of(application):
    """The last days to apply for reconsideration and to sue against the application's reply, once it has been
    delivered (the periods run from its receipt); None before."""
    served_on = getattr(application, "delivered_on", None) if application is not None else None
    return remedy_deadlines(served_on) if served_on else None
