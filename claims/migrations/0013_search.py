"""Search that scales (issue 16, claims/search.py): the claims' words, their speakers, the figures' values."""

from django.db import migrations, models

POSTGRESQL = [
    # The expression must be the one claims.search filters on, or the index is not used.
    ("claim_text_search", "CREATE INDEX claim_text_search ON claims_claim USING gin (to_tsvector('german', text))"),
    # Django's icontains is UPPER(speaker::text) LIKE UPPER(…): trigrams of that expression serve it.
    ("claim_speaker_trigrams",
     "CREATE INDEX claim_speaker_trigrams ON claims_claim USING gin (upper(speaker::text) gin_trgm_ops)"),
    # Dates as precise as the query ("2024-06" finds "2024-06-19"): a LIKE prefix needs the pattern operators
    # unless the database's collation is C.
    ("figure_dates",
     "CREATE INDEX figure_dates ON claims_figure (date_value varchar_pattern_ops) WHERE kind = 'date'"),
]

# SQLite, the embedded default: an FTS5 index kept by triggers beside the claims table.
SQLITE = [
    "CREATE VIRTUAL TABLE claims_claim_fts USING fts5(text, content='claims_claim', content_rowid='id', "
    "tokenize='unicode61')",
    "CREATE TRIGGER claims_claim_fts_insert AFTER INSERT ON claims_claim BEGIN "
    "INSERT INTO claims_claim_fts (rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER claims_claim_fts_delete AFTER DELETE ON claims_claim BEGIN "
    "INSERT INTO claims_claim_fts (claims_claim_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER claims_claim_fts_update AFTER UPDATE OF text ON claims_claim BEGIN "
    "INSERT INTO claims_claim_fts (claims_claim_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO claims_claim_fts (rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO claims_claim_fts (claims_claim_fts) VALUES ('rebuild')",
    "CREATE INDEX figure_dates ON claims_figure (date_value) WHERE kind = 'date'",
]
SQLITE_DROP = ["DROP INDEX IF EXISTS figure_dates", *(f"DROP TRIGGER IF EXISTS claims_claim_fts_{event}" for event in (
    "insert", "delete", "update")), "DROP TABLE IF EXISTS claims_claim_fts"]


def create(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for _, statement in POSTGRESQL:
            schema_editor.execute(statement)
    elif vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)


def drop(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for name, _ in POSTGRESQL:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    elif vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [("claims", "0012_indexes_at_scale")]

    operations = [
        migrations.RunPython(create, drop),
        migrations.AddIndex(
            model_name="figure",
            index=models.Index(fields=["measure", "value"], name="figure_measure_value"),
        ),
    ]
