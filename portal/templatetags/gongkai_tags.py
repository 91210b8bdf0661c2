"""Template helpers shared by the portal and the back office (display only)."""

from datetime import date

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def optional_url(name: str, *args) -> str:
    """The URL of a named route, or "" when that route does not exist (yet)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@register.filter
def cn_date(value: date | None) -> str:
    """2017年3月10日"""
    if not value:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter
def iso(value: date | None) -> str:
    return value.isoformat() if value else ""


@register.simple_tag(takes_context=True)
def include_if_exists(context, template_name: str) -> str:
    """Render an optional template (a domain's extension point) with the current context, or nothing."""
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    try:
        tmpl = get_template(template_name)
    except TemplateDoesNotExist:
        return ""
    # Render like {% include %}: in the current context, without running the context processors again.
    return tmpl.template.render(context)
