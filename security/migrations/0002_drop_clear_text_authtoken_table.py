"""Drop the table of DRF's old `rest_framework.authtoken` tokens, which kept every key in clear text.

The app is no longer installed and its keys stopped working when ApiToken replaced it; the table would only keep
replayable secrets on disk (and in every backup). Its rows in django_migrations go too, so that re-installing the app
would create the table again. Nothing to restore on the way back: the keys are gone for good.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("security", "0001_api_tokens"),
    ]

    operations = [
        migrations.RunSQL(
            ["DROP TABLE IF EXISTS authtoken_token", "DELETE FROM django_migrations WHERE app = 'authtoken'"],
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
