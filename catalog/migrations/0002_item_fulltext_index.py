from django.db import migrations

from search.schema import create_fulltext_index


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [create_fulltext_index("catalog_item")]
