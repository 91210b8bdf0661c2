"""Keep the full-text vector of an item inline in its row rather than in TOAST (PostgreSQL; nothing on SQLite): see
search.schema.inline_search_vector for why, and for what the rewrite of the existing rows costs (about 5 minutes per
million items, in batches, while the site keeps running). Not atomic: each batch commits on its own."""

from django.db import migrations

from search.schema import inline_search_vector


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("catalog", "0006_item_documents_index")]
    operations = [inline_search_vector("catalog_item")]
