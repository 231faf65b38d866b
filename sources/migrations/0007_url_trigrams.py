"""The sources' URLs searched by any part (the API's ?url=, the admin's claim and source search) through a
trigram index, on PostgreSQL; Django's icontains is UPPER(url::text) LIKE UPPER(…), which it serves."""

from django.db import migrations

INDEX = "CREATE INDEX source_url_trigrams ON sources_source USING gin (upper(url::text) gin_trgm_ops)"


def create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(INDEX)


def drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS source_url_trigrams")


class Migration(migrations.Migration):

    dependencies = [("sources", "0006_citation_anchor")]

    operations = [migrations.RunPython(create, drop)]
