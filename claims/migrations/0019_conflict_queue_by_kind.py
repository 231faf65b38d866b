"""The review queue reads each kind's conflicts of one status best first (claims/queue.py): contradictions, then
the others merged by score. One index serves each of those reads in order, stopped at the page's size. PostgreSQL
only, as migration 0012's indexes by score (SQLite cannot index NULLS LAST, and a demo's desk is small); built
concurrently, so ingest and decisions go on while it builds."""

from django.db import migrations

from claims.db_rules import concurrent_index


class Migration(migrations.Migration):

    atomic = False
    dependencies = [("claims", "0018_translatable_names")]

    operations = [concurrent_index("conflict_queue_by_kind",
                                   "ON claims_conflict (status, kind, score DESC NULLS LAST, id DESC)")]
