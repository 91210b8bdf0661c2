"""Backfill Category.published_count from the items (schema change and data fill in separate migrations)."""

from django.db import migrations
from django.db.models import Count


def fill(apps, schema_editor):
    Category = apps.get_model("catalog", "Category")
    Item = apps.get_model("catalog", "Item")
    counts = dict(Item.objects.filter(status="published").values("category_id").annotate(n=Count("id"))
                  .values_list("category_id", "n"))
    for category in Category.objects.all():
        n = counts.get(category.pk, 0)
        if category.published_count != n:
            category.published_count = n
            category.save(update_fields=["published_count"])


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_category_published_count")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
