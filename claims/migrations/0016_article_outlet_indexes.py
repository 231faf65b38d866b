"""Indexes on an article's outlet (case-blind, as the API filters it) and language (see Article.Meta).

PostgreSQL builds them concurrently, so ingest goes on while they build: the migration runs outside a
transaction for that."""

from django.db import migrations, models
from django.db.models.functions import Upper

INDEXES = [models.Index(Upper("publisher"), name="article_publisher_upper"),
           models.Index(fields=["language"], name="article_language")]


def create(apps, schema_editor) -> None:
    article = apps.get_model("claims", "Article")
    concurrently = {"concurrently": True} if schema_editor.connection.vendor == "postgresql" else {}
    for index in INDEXES:
        schema_editor.add_index(article, index, **concurrently)


def drop(apps, schema_editor) -> None:
    article = apps.get_model("claims", "Article")
    concurrently = {"concurrently": True} if schema_editor.connection.vendor == "postgresql" else {}
    for index in INDEXES:
        schema_editor.remove_index(article, index, **concurrently)


class Migration(migrations.Migration):

    atomic = False
    dependencies = [("claims", "0015_article_search")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex("article", index) for index in INDEXES],
            database_operations=[migrations.RunPython(create, drop)],
        ),
    ]
