"""Create the database cache table (login lockout counters live there) with the schema, so a
fresh database works after `migrate` alone."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor) -> None:  # noqa: ANN001 - migration signature
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_base_records")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
