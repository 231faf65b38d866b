"""Indexes for the API's filters whose rare values walked a whole table newest first (issue 16): an article's
outlet (case-blind, as the API filters it) and language, a figure's unit (case-blind), a conflict's kind and
origin; and on PostgreSQL trigrams of the article title, which the API searches for any part of it.

PostgreSQL builds them concurrently, so ingest goes on while they build: the migration runs outside a
transaction for that."""

from django.db import migrations, models
from django.db.models.functions import Upper

INDEXES = [
    ("article", models.Index(Upper("publisher"), name="article_publisher_upper")),
    ("article", models.Index(fields=["language"], name="article_language")),
    ("figure", models.Index(Upper("unit"), name="figure_unit_upper")),
    ("conflict", models.Index(fields=["kind"], name="conflict_kind")),
    ("conflict", models.Index(fields=["origin"], name="conflict_origin")),
]
# The expression must be the one `title__icontains` filters on (UPPER(title::text) LIKE …), or it is not used.
TITLE_TRIGRAMS = ("CREATE INDEX CONCURRENTLY IF NOT EXISTS article_title_trigrams ON claims_article "
                  "USING gin (upper(title::text) gin_trgm_ops)")


def create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        for model, index in INDEXES:
            schema_editor.add_index(apps.get_model("claims", model), index)
        return
    # A concurrent build that failed or was cancelled leaves an invalid index behind, and the migration unrecorded:
    # run again, it drops what is invalid and builds what is missing.
    built = _built(schema_editor, [index.name for _, index in INDEXES] + ["article_title_trigrams"])
    for name, valid in built.items():
        if not valid:
            schema_editor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{name}"')
    for model, index in INDEXES:
        if not built.get(index.name):
            schema_editor.add_index(apps.get_model("claims", model), index, concurrently=True)
    if not built.get("article_title_trigrams"):
        schema_editor.execute(TITLE_TRIGRAMS)


def _built(schema_editor, names: list[str]) -> dict[str, bool]:
    """The indexes of these names that exist, and whether each is valid."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT c.relname, i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                       "WHERE c.relname = ANY(%s)", [names])
        return dict(cursor.fetchall())


def drop(apps, schema_editor) -> None:
    postgresql = schema_editor.connection.vendor == "postgresql"
    if postgresql:
        schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS article_title_trigrams")
    for model, index in INDEXES:
        schema_editor.remove_index(apps.get_model("claims", model), index,
                                   **({"concurrently": True} if postgresql else {}))


class Migration(migrations.Migration):

    atomic = False
    dependencies = [("claims", "0015_article_search")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model, index) for model, index in INDEXES],
            database_operations=[migrations.RunPython(create, drop)],
        ),
    ]
