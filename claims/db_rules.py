"""Span invariants (used by migrations) that need the article text, so no CHECK constraint can hold them.

- a claim's span lies inside its article's text and its quote is exactly that slice;
- a figure's span lies inside its claim's span and its text is exactly that slice;
- an article's text does not change while claims point into it.
Written for PostgreSQL and SQLite; both raise an integrity error. The length given to
substr() is clamped at 0 because these run before the CHECK that refuses a reversed span.

On PostgreSQL, rows inserted together (an ingest writes all of an article's claims in one INSERT) are checked
together, once per statement: the article text is cut once into pieces of PIECE characters and each span is
compared with the few pieces it covers. substr() per row walks (and decompresses) the whole text before the
span each time, so 10,000 claims of one article took a minute and 100,000 hours. An UPDATE is an editor's one
row, checked per row, and only when it writes a span column (not for a status or a derived measure). SQLite,
for the demo, keeps the per-row checks.
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


def pg_function(name: str, condition: str, message: str, returns: str = "NEW", options: str = "") -> str:
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    IF {condition} THEN
        RAISE EXCEPTION '{message}' USING ERRCODE = 'check_violation';
    END IF;
    RETURN {returns};
END $$ LANGUAGE plpgsql{options};
"""


PIECE = 255  # characters per piece of the text: the largest bound PostgreSQL's regular expressions take
# The new rows (`new_rows`) whose span is not exactly their slice of the article text, or not inside what holds
# it. Every step is materialised, so the text is cut once per statement and each span meets only the pieces it
# covers in one hash join: left to itself, the planner would pair every span with every piece of its article.
SPANS_BAD = """EXISTS (
    WITH spans AS MATERIALIZED ({spans}),
    pieces AS MATERIALIZED (
        SELECT a.id AS article_id, (p.k - 1)::integer AS k, p.piece[1] AS piece
        FROM claims_article a, regexp_matches(a."text", '.{{1,{piece}}}', 'g') WITH ORDINALITY AS p(piece, k)
        WHERE a.id IN (SELECT article_id FROM spans)),
    wanted AS MATERIALIZED (
        SELECT s.*, w.k FROM spans s, generate_series(s."start" / {piece}, (s."end" - 1) / {piece}) AS w(k)),
    slices AS MATERIALIZED (
        SELECT w.id, w."start", w."end", w."text",
               string_agg(p.piece, '' ORDER BY p.k) AS joined, min(p.k) AS first
        FROM wanted w LEFT JOIN pieces p ON p.article_id = w.article_id AND p.k = w.k
        GROUP BY w.id, w."start", w."end", w."text")
    SELECT 1 FROM spans WHERE NOT inside OR "end" <= "start" OR char_length("text") <> "end" - "start"
    UNION ALL
    SELECT 1 FROM slices
    WHERE "text" IS DISTINCT FROM substr(joined, "start" - first * {piece} + 1, "end" - "start"))
"""
NEW_CLAIM_SPANS = 'SELECT n.id, n.article_id, n."start", n."end", n."text", true AS inside FROM new_rows n'
NEW_FIGURE_SPANS = """SELECT n.id, c.article_id, n."start", n."end", n."text",
        coalesce(c."start" <= n."start" AND n."end" <= c."end", false) AS inside
        FROM new_rows n LEFT JOIN claims_claim c ON c.id = n.claim_id"""
CLAIM_SPAN_COLUMNS = 'article_id, "start", "end", "text"'


def pg_statement_trigger(name: str, table: str, spans: str, message: str) -> list[str]:
    condition = SPANS_BAD.format(spans=spans, piece=PIECE)
    return [
        # No JIT: the planner guesses 1,000 pieces per span and would spend 400 ms compiling an 80 ms check.
        pg_function(name, condition, message, returns="NULL", options=" SET jit = off"),
        f"CREATE TRIGGER {name} AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {name}();",
    ]


POSTGRES = [
    *pg_statement_trigger("claims_claim_spans_inserted", "claims_claim", NEW_CLAIM_SPANS, MESSAGES["claim"]),
    *pg_statement_trigger("claims_figure_spans_inserted", "claims_figure", NEW_FIGURE_SPANS, MESSAGES["figure"]),
    pg_function("claims_claim_span", CLAIM_BAD.format(length="char_length", greatest="greatest"), MESSAGES["claim"]),
    pg_function("claims_claim_covers_figures", CLAIM_ORPHANS, MESSAGES["claim_orphans"]),
    pg_function("claims_figure_span", FIGURE_BAD.format(greatest="greatest"), MESSAGES["figure"]),
    pg_function("claims_article_text_fixed", ARTICLE_BAD, MESSAGES["article"]),
    f"CREATE TRIGGER claims_claim_span BEFORE UPDATE OF {CLAIM_SPAN_COLUMNS} ON claims_claim "
    "FOR EACH ROW EXECUTE FUNCTION claims_claim_span();",
    "CREATE TRIGGER claims_claim_covers_figures BEFORE UPDATE ON claims_claim "
    "FOR EACH ROW EXECUTE FUNCTION claims_claim_covers_figures();",
    # Only the columns the rule reads: conflict detection rewrites a figure's measure and subject in bulk.
    f"CREATE TRIGGER claims_figure_span BEFORE UPDATE OF {FIGURE_SPAN_COLUMNS} ON claims_figure "
    "FOR EACH ROW EXECUTE FUNCTION claims_figure_span();",
    "CREATE TRIGGER claims_article_text_fixed BEFORE UPDATE ON claims_article "
    "FOR EACH ROW EXECUTE FUNCTION claims_article_text_fixed();",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS claims_claim_spans_inserted ON claims_claim;",
    "DROP TRIGGER IF EXISTS claims_figure_spans_inserted ON claims_figure;",
    "DROP TRIGGER IF EXISTS claims_claim_span ON claims_claim;",
    "DROP TRIGGER IF EXISTS claims_claim_covers_figures ON claims_claim;",
    "DROP TRIGGER IF EXISTS claims_figure_span ON claims_figure;",
    "DROP TRIGGER IF EXISTS claims_article_text_fixed ON claims_article;",
    "DROP FUNCTION IF EXISTS claims_claim_spans_inserted, claims_figure_spans_inserted, claims_claim_span,"
    " claims_claim_covers_figures, claims_figure_span, claims_article_text_fixed;",
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


def concurrent_index(name: str, definition: str) -> migrations.RunPython:
    """A PostgreSQL index built concurrently (`definition`: "ON table (columns)"), so ingest and decisions go on
    while it builds, in a migration that is not atomic. A build that failed leaves an invalid index behind and
    the migration unrecorded: run again, it drops that one and builds it anew. SQLite gets none: a demo's desk
    is small."""

    def create_index(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                           "WHERE c.relname = %s", [name])
            found = cursor.fetchone()
        if found and not found[0]:
            schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
        schema_editor.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} {definition}")

    def drop_index(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")

    return migrations.RunPython(create_index, drop_index)
