"""A query's words may be anywhere in the story when its figures pick the claim (claims/search.py): the words of
each article, its title and, on PostgreSQL, the first 100,000 characters of its text (a tsvector holds at most
1 MB, and the desk takes articles far longer than that); SQLite's FTS5 takes the whole text.

PostgreSQL builds the index concurrently, so ingest goes on while it builds (a minute at 150,000 articles):
the migration runs outside a transaction for that, and a build that failed is built anew when run again."""

from django.db import migrations

from claims.db_rules import concurrent_index

# The expression must be the one claims.search filters on, or the index is not used.
POSTGRESQL = concurrent_index(
    "article_text_search", "ON claims_article USING gin (to_tsvector('german', title || ' ' || left(text, 100000)))")

SQLITE = [
    "CREATE VIRTUAL TABLE claims_article_fts USING fts5(title, text, content='claims_article', content_rowid='id', "
    "tokenize='unicode61')",
    "CREATE TRIGGER claims_article_fts_insert AFTER INSERT ON claims_article BEGIN "
    "INSERT INTO claims_article_fts (rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER claims_article_fts_delete AFTER DELETE ON claims_article BEGIN "
    "INSERT INTO claims_article_fts (claims_article_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER claims_article_fts_update AFTER UPDATE OF title, text ON claims_article BEGIN "
    "INSERT INTO claims_article_fts (claims_article_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO claims_article_fts (rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "INSERT INTO claims_article_fts (claims_article_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [*(f"DROP TRIGGER IF EXISTS claims_article_fts_{event}" for event in ("insert", "delete", "update")),
               "DROP TABLE IF EXISTS claims_article_fts"]


def create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)


def drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    atomic = False
    dependencies = [("claims", "0014_recompute_runs")]

    operations = [POSTGRESQL, migrations.RunPython(create, drop)]
