from datetime import date

import factory
from django.db.models import F

from agencies.tests.factories import AgencyFactory, UserFactory
from catalog.models import Category, Item, Revision


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"栏目{n}")


class ItemFactory(factory.django.DjangoModelFactory):
    """A published item written straight to the tables (for lists, search and API tests; the workflow itself is
    tested through the services)."""

    class Meta:
        model = Item

    agency = factory.SubFactory(AgencyFactory)
    category = factory.SubFactory(CategoryFactory, agency=factory.SelfAttribute("..agency"))
    title = factory.Sequence(lambda n: f"关于做好第{n}项工作的通知")
    summary = "通知相关事项。"
    formed_on = date(2017, 3, 1)
    published_on = date(2017, 3, 10)
    updated_on = date(2017, 3, 10)
    status = Item.Status.PUBLISHED
    body_html = "<p>各村：请认真做好相关工作。</p>"
    created_by = factory.SubFactory(UserFactory)
    version = 1

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from agencies.sequences import next_number
        from catalog.rules import format_index_no
        from catalog.services import _index_for_search

        item = model_class(*args, **kwargs)
        if item.status == Item.Status.PUBLISHED and not item.index_no:
            year = item.published_on.year
            item.index_no = format_index_no(item.agency.catalogue_code, year, next_number(item.agency,
                                                                                        "catalog.index", year))
        _index_for_search(item)
        item.save()
        if item.status == Item.Status.PUBLISHED:
            Category.objects.filter(pk=item.category_id).update(published_count=F("published_count") + 1)
        Revision.objects.create(
            item=item, number=1, status=Revision.Status.PUBLISHED if item.status == Item.Status.PUBLISHED
            else Revision.Status.DRAFT, category=item.category, title=item.title, summary=item.summary,
            formed_on=item.formed_on, body_html=item.body_html, created_by=item.created_by)
        return item
