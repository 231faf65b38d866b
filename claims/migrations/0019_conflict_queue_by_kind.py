"""The review queue reads each kind's conflicts of one status best first (claims/queue.py): contradictions, then
the others merged by score. One index serves each of those reads in order, stopped at the page's size. PostgreSQL
only, as migration 0012's indexes by score (SQLite cannot index NULLS LAST, and a demo's desk is small); built
concurrently, so ingest and decisions go on while it builds."""

from django.db import migrations

NAME = "conflict_queue_by_kind"
CREATE = (f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {NAME} ON claims_conflict "
          "(status, kind, score DESC NULLS LAST, id DESC)")


def create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    # A concurrent build that failed leaves an invalid index behind, and the migration unrecorded: run again,
    # it drops that one and builds it anew.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                       "WHERE c.relname = %s", [NAME])
        found = cursor.fetchone()
    if found and not found[0]:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {NAME}")
    schema_editor.execute(CREATE)


def drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {NAME}")


class Migration(migrations.Migration):

    atomic = False
    dependencies = [("claims", "0018_translatable_names")]

    operations = [migrations.RunPython(create, drop)]
