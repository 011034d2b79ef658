"""The database cache's table (settings.CACHES): the throttles' counters and the sample PDF live there, shared by
every app server. Made here so that ``migrate`` is the only set-up step; ``createcachetable`` skips a table that
exists."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0011_bank_editors_group")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=True)]
