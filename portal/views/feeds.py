"""Atom feeds per agency and per category (newest 30 published items)."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from agencies.selectors import get_public_agency
from catalog import selectors
from catalog.richtext import html_to_text
from gongkai import clock
from gongkai.errors import NotFound


class AgencyFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, code):
        return get_public_agency(code)

    def title(self, obj):
        return f"{obj.name} 政府信息公开"

    def link(self, obj):
        return reverse("portal:agency", args=[obj.code])

    def subtitle(self, obj):
        return f"{obj.name}最新主动公开的政府信息"

    def items(self, obj):
        return selectors.latest_published(30, agency=obj)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom writes the description as <summary type="html">: readers decode it as HTML, so the plain text of the
        # summary is escaped here, or a title like "<img onerror=…>" would be markup in every feed reader.
        text = item.summary or (html_to_text(item.body_html)[:200] if item.shows_body else "")
        return escape(text)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return clock.at_local(item.published_on)

    def item_updateddate(self, item):
        return clock.at_local(item.updated_on or item.published_on)

    # The entry id is the item's address (an IRI, as Atom requires); it never changes because the 索引号 in it
    # never does.


class CategoryFeed(AgencyFeed):
    def get_object(self, request, code, category_id):
        agency = get_public_agency(code)
        try:
            return selectors.public_category(agency, category_id)
        except NotFound:
            raise Http404 from None

    def title(self, obj):
        return f"{obj.agency.name} · {obj.name}"

    def link(self, obj):
        return obj.get_absolute_url()

    def subtitle(self, obj):
        return f"{obj.agency.name}“{obj.name}”栏目最新信息"

    def items(self, obj):
        return list(selectors.published_list(category=obj)[:30])
