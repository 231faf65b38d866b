"""The check history is append-only: the database refuses to rewrite a past check (deleting stays possible,
so a source without citations can still be removed with its history)."""

from __future__ import annotations

MESSAGE = "source checks are a history: a recorded check cannot be changed"

POSTGRES = [
    f"""CREATE OR REPLACE FUNCTION sources_check_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
END $$ LANGUAGE plpgsql;""",
    "CREATE TRIGGER sources_check_append_only BEFORE UPDATE ON sources_sourcecheck "
    "FOR EACH ROW EXECUTE FUNCTION sources_check_append_only();",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS sources_check_append_only ON sources_sourcecheck;",
    "DROP FUNCTION IF EXISTS sources_check_append_only;",
]
SQLITE = [
    f"CREATE TRIGGER sources_check_append_only BEFORE UPDATE ON sources_sourcecheck "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS sources_check_append_only;"]


def create(schema_editor) -> None:
    postgres = schema_editor.connection.vendor == "postgresql"
    for statement in POSTGRES if postgres else SQLITE:
        schema_editor.execute(statement)


def drop(schema_editor) -> None:
    postgres = schema_editor.connection.vendor == "postgresql"
    for statement in POSTGRES_REVERSE if postgres else SQLITE_REVERSE:
        schema_editor.execute(statement)
