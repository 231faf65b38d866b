"""Span invariants (used by migrations) that need the article text, so no CHECK constraint can hold them.

- a claim's span lies inside its article's text and its quote is exactly that slice;
- a figure's span lies inside its claim's span and its text is exactly that slice;
- an article's text does not change while claims point into it.
Written for PostgreSQL and SQLite; both raise an integrity error. The length given to
substr() is clamped at 0 because these run before the CHECK that refuses a reversed span.
"""

from __future__ import annotations

from django.db import migrations

CLAIM_BAD = """
    NEW."end" > (SELECT {length}(a."text") FROM claims_article a WHERE a.id = NEW.article_id)
    OR NEW."text" IS DISTINCT FROM (
        SELECT substr(a."text", NEW."start" + 1, {greatest}(NEW."end" - NEW."start", 0))
        FROM claims_article a WHERE a.id = NEW.article_id)
"""
CLAIM_ORPHANS = """
    EXISTS (SELECT 1 FROM claims_figure f WHERE f.claim_id = NEW.id
            AND (f."start" < NEW."start" OR f."end" > NEW."end"))
"""
FIGURE_BAD = """
    NOT EXISTS (SELECT 1 FROM claims_claim c JOIN claims_article a ON a.id = c.article_id
        WHERE c.id = NEW.claim_id AND c."start" <= NEW."start" AND NEW."end" <= c."end"
        AND substr(a."text", NEW."start" + 1, {greatest}(NEW."end" - NEW."start", 0)) = NEW."text")
"""
ARTICLE_BAD = """
    NEW."text" IS DISTINCT FROM OLD."text" AND EXISTS (SELECT 1 FROM claims_claim c WHERE c.article_id = NEW.id)
"""
FIGURE_SPAN_COLUMNS = 'claim_id, "start", "end", "text"'

MESSAGES = {
    "claim": "claim span lies outside the article text or its quote differs from the text",
    "claim_orphans": "claim span no longer covers all of its figures",
    "figure": "figure span lies outside its claim or its text differs from the article text",
    "article": "article text cannot change while claims point into it",
}


def pg_function(name: str, condition: str, message: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    IF {condition} THEN
        RAISE EXCEPTION '{message}' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
"""


POSTGRES = [
    pg_function("claims_claim_span", CLAIM_BAD.format(length="char_length", greatest="greatest"), MESSAGES["claim"]),
    pg_function("claims_claim_covers_figures", CLAIM_ORPHANS, MESSAGES["claim_orphans"]),
    pg_function("claims_figure_span", FIGURE_BAD.format(greatest="greatest"), MESSAGES["figure"]),
    pg_function("claims_article_text_fixed", ARTICLE_BAD, MESSAGES["article"]),
    "CREATE TRIGGER claims_claim_span BEFORE INSERT OR UPDATE ON claims_claim "
    "FOR EACH ROW EXECUTE FUNCTION claims_claim_span();",
    "CREATE TRIGGER claims_claim_covers_figures BEFORE UPDATE ON claims_claim "
    "FOR EACH ROW EXECUTE FUNCTION claims_claim_covers_figures();",
    # Only the columns the rule reads: conflict detection rewrites a figure's measure and subject in bulk.
    f"CREATE TRIGGER claims_figure_span BEFORE INSERT OR UPDATE OF {FIGURE_SPAN_COLUMNS} ON claims_figure "
    "FOR EACH ROW EXECUTE FUNCTION claims_figure_span();",
    "CREATE TRIGGER claims_article_text_fixed BEFORE UPDATE ON claims_article "
    "FOR EACH ROW EXECUTE FUNCTION claims_article_text_fixed();",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS claims_claim_span ON claims_claim;",
    "DROP TRIGGER IF EXISTS claims_claim_covers_figures ON claims_claim;",
    "DROP TRIGGER IF EXISTS claims_figure_span ON claims_figure;",
    "DROP TRIGGER IF EXISTS claims_article_text_fixed ON claims_article;",
    "DROP FUNCTION IF EXISTS claims_claim_span, claims_claim_covers_figures,"
    " claims_figure_span, claims_article_text_fixed;",
]


def sqlite_trigger(name: str, when: str, table: str, condition: str, message: str) -> str:
    return (
        f"CREATE TRIGGER {name} BEFORE {when} ON {table} WHEN {condition} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END;"
    )


SQLITE_TRIGGERS = {
    "claims_claim_span_insert": ("INSERT", "claims_claim", CLAIM_BAD.format(length="length", greatest="max"), "claim"),
    "claims_claim_span_update": ("UPDATE", "claims_claim", CLAIM_BAD.format(length="length", greatest="max"), "claim"),
    "claims_claim_covers_figures": ("UPDATE", "claims_claim", CLAIM_ORPHANS, "claim_orphans"),
    "claims_figure_span_insert": ("INSERT", "claims_figure", FIGURE_BAD.format(greatest="max"), "figure"),
    "claims_figure_span_update": (
        f"UPDATE OF {FIGURE_SPAN_COLUMNS}", "claims_figure", FIGURE_BAD.format(greatest="max"), "figure"
    ),
    "claims_article_text_fixed": ("UPDATE", "claims_article", ARTICLE_BAD, "article"),
}


def create(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = POSTGRES
    elif vendor == "sqlite":
        statements = [
            sqlite_trigger(name, when, table, cond.replace("IS DISTINCT FROM", "IS NOT"), MESSAGES[msg])
            for name, (when, table, cond, msg) in SQLITE_TRIGGERS.items()
        ]
    else:
        raise RuntimeError(f"Span triggers are written for PostgreSQL and SQLite, not {vendor}.")
    for statement in statements:
        schema_editor.execute(statement)


def drop(schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        statements = POSTGRES_REVERSE
    else:
        statements = [f"DROP TRIGGER IF EXISTS {name};" for name in SQLITE_TRIGGERS]
    for statement in statements:
        schema_editor.execute(statement)


def _drop(apps, schema_editor) -> None:
    drop(schema_editor)


def _create(apps, schema_editor) -> None:
    create(schema_editor)


def drop_for_rebuild() -> migrations.RunPython:
    """The first operation of a migration that alters a guarded table (SQLite rebuilds it without triggers)."""
    return migrations.RunPython(_drop, _create)


def create_after_rebuild() -> migrations.RunPython:
    return migrations.RunPython(_create, _drop)
