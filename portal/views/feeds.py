"""Atom feeds per agency and per category (newest 30 published items)."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from agencies.selectors import public_agencies
from catalog import selectors
from catalog.models import Category
from catalog.richtext import html_to_text
from gongkai import clock


class AgencyFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, code):
        return get_object_or_404(public_agencies(), code=code)

    def title(self, obj):
        return f"{obj.name} 政府信息公开"

    def link(self, obj):
        return f"/gk/{obj.code}/"

    def subtitle(self, obj):
        return f"{obj.name}最新主动公开的政府信息"

    def items(self, obj):
        return selectors.latest_published(30, agency=obj)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or html_to_text(item.body_html)[:200]

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return clock.at_local(item.published_on)

    def item_updateddate(self, item):
        return clock.at_local(item.updated_on or item.published_on)

    def item_guid(self, item):
        return item.index_no

    item_guid_is_permalink = False


class CategoryFeed(AgencyFeed):
    def get_object(self, request, code, category_id):
        agency = get_object_or_404(public_agencies(), code=code)
        return get_object_or_404(Category, pk=category_id, agency=agency, is_active=True)

    def title(self, obj):
        return f"{obj.agency.name} · {obj.name}"

    def link(self, obj):
        return obj.get_absolute_url()

    def subtitle(self, obj):
        return f"{obj.agency.name}“{obj.name}”栏目最新信息"

    def items(self, obj):
        return list(selectors.filtered_published(category=obj).select_related("agency")
                    .order_by("-published_on", "-id")[:30])
