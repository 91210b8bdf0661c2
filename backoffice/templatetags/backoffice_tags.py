from django import template

from agencies.models import Role
from backoffice.navigation import nav_for

register = template.Library()


@register.inclusion_tag("backoffice/_nav.html", takes_context=True)
def backoffice_nav(context):
    return {"entries": nav_for(context["request"])}


@register.simple_tag(takes_context=True)
def my_roles(context) -> str:
    user = context["request"].user
    labels = sorted({f"{m.agency.short_name or m.agency.name}·{Role(m.role).label}"
                     for m in user.memberships.select_related("agency")})
    return "、".join(labels) or ("平台管理员" if user.is_superuser else "")


@register.filter
def days_left_class(days: int | None) -> str:
    """Colour a "working days left" figure: overdue red, ≤3 amber, else green."""
    if days is None:
        return "badge-muted"
    if days < 0:
        return "badge-danger"
    if days <= 3:
        return "badge-warn"
    return "badge-ok"
