"""Many rows in one statement, for the check recorder and conflict detection.

Django's bulk_update builds a CASE WHEN per field and row: for 200 sources and 17 fields that is 3,400
expressions to compile, about 4 ms per source, four times the cost of fetching the page. On PostgreSQL we
send one UPDATE ... FROM (VALUES ...) or INSERT ... VALUES instead; elsewhere (the SQLite demo) the ORM does it.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from psycopg2.extras import execute_values

PAGE = 1000
COPY_FROM = 5000  # rows from which COPY beats INSERT ... VALUES


# The statements held back by together(), with the connection they are for; None outside it.
_HELD: ContextVar[tuple[object, list[bytes]] | None] = ContextVar("held_statements", default=None)


@contextmanager
def together() -> Iterator[None]:
    """On PostgreSQL, the updates and inserts of the block (up to PAGE rows each) are sent in one round trip
    when it ends, rather than one each: each is a wait of about half a millisecond, a tenth of a new claim's
    detection. An error in them is raised there, at the end of the block. Elsewhere each runs at once.

    For straight-line writes only: what is held inside a savepoint that is rolled back would still be sent.
    Writes on another connection (another thread, or a context copied into one) are not held."""
    if connection.vendor != "postgresql" or _HELD.get() is not None:
        yield
        return
    held: list[bytes] = []
    token = _HELD.set((_current(), held))
    try:
        yield
    finally:
        _HELD.reset(token)
    _send(held)


def _current():
    # `connection` is a proxy; the object behind it is this thread's own.
    return connections[DEFAULT_DB_ALIAS]


def _held() -> list[bytes] | None:
    """The statements held for this connection, if a together() block of its own is open."""
    state = _HELD.get()
    return state[1] if state is not None and state[0] is _current() else None


def _send(statements: list[bytes]) -> None:
    if statements:
        with connection.cursor() as cursor, connection.wrap_database_errors:
            cursor.cursor.execute(b";\n".join(statements))


def _flush() -> None:
    """Send what this connection holds back now, before a write that goes at once."""
    if held := _held():
        _send(held[:])
        held.clear()


def update(model: type[models.Model], rows: list[dict], fields: list[str]) -> None:
    """Set `fields` on each row (a dict with "id" and those fields)."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        for row in rows:
            model.objects.filter(pk=row["id"]).update(**{name: row[name] for name in fields})
        return
    columns = [_field(model, name).column for name in fields]
    assignments = ", ".join(f"{_quoted(column)} = v.{_quoted(column)}" for column in columns)
    names = ", ".join(map(_quoted, ["id", *columns]))
    sql = (f'UPDATE "{model._meta.db_table}" AS t SET {assignments} '
           f'FROM (VALUES %s) AS v({names}) WHERE t."id" = v."id"')
    _execute(sql, model, ["id", *fields], rows)


def insert(model: type[models.Model], rows: list[dict], fields: list[str], *, unique: list[str] = (),
           update: bool = False) -> None:
    """Insert rows (dicts keyed by `fields`, attnames for foreign keys). A row that clashes with `unique`
    is skipped, or with `update` overwrites the existing row's other fields."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        _insert_elsewhere(model, rows, fields, unique, update)
        return
    if len(rows) >= COPY_FROM and not update:
        _flush()  # what was held back comes first
        _copy_insert(model, rows, fields, unique)
        return
    columns = [_field(model, name).column for name in fields]
    sql = f'INSERT INTO "{model._meta.db_table}" ({", ".join(map(_quoted, columns))}) VALUES %s'
    _execute(sql + _on_conflict(model, unique, columns, update), model, fields, rows)


def _on_conflict(model: type[models.Model], unique: list[str], columns: list[str], update: bool) -> str:
    """What a row that clashes with `unique` does: nothing, or with `update` overwrite the other columns. Only
    the unique clash: SQLite's INSERT OR IGNORE (Django's ignore_conflicts) would also drop a row that breaks a
    CHECK or NOT NULL rule without a word, so a refused check result would be lost instead of recorded."""
    if not unique:
        return ""
    keys = [_field(model, name).column for name in unique]
    changes = ", ".join(f"{_quoted(c)} = EXCLUDED.{_quoted(c)}" for c in columns if c not in keys)
    return f" ON CONFLICT ({', '.join(map(_quoted, keys))}) " + (f"DO UPDATE SET {changes}" if update
                                                                  else "DO NOTHING")


def _insert_elsewhere(model: type[models.Model], rows: list[dict], fields: list[str], unique: list[str],
                      update: bool) -> None:
    """SQLite's insert: the same statement as PostgreSQL's, a row at a time (the demo's batches are small)."""
    model_fields = [_field(model, name) for name in fields]
    columns = [field.column for field in model_fields]
    sql = (f'INSERT INTO "{model._meta.db_table}" ({", ".join(map(_quoted, columns))}) '
           f'VALUES ({", ".join(["%s"] * len(fields))}){_on_conflict(model, unique, columns, update)}')
    with connection.cursor() as cursor:
        cursor.executemany(sql, _db_values(model_fields, fields, rows))


def _copy_insert(model: type[models.Model], rows: list[dict], fields: list[str], unique: list[str]) -> None:
    """Many rows through COPY into a scratch table, then one INSERT ... SELECT that skips clashes: a tenth
    of the time of INSERT ... VALUES for the recompute's hundreds of thousands of conflicts."""
    model_fields = [_field(model, name) for name in fields]
    columns = ", ".join(_quoted(field.column) for field in model_fields)
    table = model._meta.db_table
    text = io.StringIO()
    convert = [_copy_converter(field) for field in model_fields]
    pairs = list(zip(fields, convert, strict=True))
    for row in rows:
        text.write("\t".join([to_text(row[name]) for name, to_text in pairs]))
        text.write("\n")
    text.seek(0)
    conflict = _on_conflict(model, unique, [field.column for field in model_fields], False)
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE TEMP TABLE bulk_rows AS SELECT {columns} FROM "{table}" WITH NO DATA')
        try:
            with connection.wrap_database_errors:
                cursor.cursor.copy_expert(f"COPY bulk_rows ({columns}) FROM STDIN", text)
            cursor.execute(f'INSERT INTO "{table}" ({columns}) SELECT {columns} FROM bulk_rows{conflict}')
        finally:
            cursor.execute("DROP TABLE bulk_rows")


def _copy_converter(field: models.Field):
    """A function writing one value of this field in COPY's text format (chosen once, used for every row)."""
    if isinstance(field, models.JSONField):
        return lambda value: r"\N" if value is None else _escaped(json.dumps(value, ensure_ascii=False))
    if isinstance(field, models.BooleanField):
        return lambda value: r"\N" if value is None else ("t" if value else "f")
    if isinstance(field, models.DateTimeField):
        return lambda value: r"\N" if value is None else value.isoformat()
    if isinstance(field, (models.IntegerField, models.FloatField, models.ForeignKey)):
        return lambda value: r"\N" if value is None else str(value)
    return lambda value: r"\N" if value is None else _escaped(str(value))


def _escaped(text: str) -> str:
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def _db_values(model_fields: list[models.Field], fields: list[str], rows: list[dict]) -> list[list]:
    return [[f.get_db_prep_save(row[name], connection) for name, f in zip(fields, model_fields, strict=True)]
            for row in rows]


def _quoted(column: str) -> str:
    return f'"{column}"'


def _execute(sql: str, model: type[models.Model], fields: list[str], rows: list[dict]) -> None:
    model_fields = [_field(model, name) for name in fields]
    # Each value is cast to its column's type: VALUES alone would leave PostgreSQL guessing (text, numeric).
    template = "(" + ", ".join(f"%s::{f.db_type(connection)}" for f in model_fields) + ")"
    values = _db_values(model_fields, fields, rows)
    # The raw psycopg2 cursor skips Django's translation of errors: callers catch django.db's classes.
    with connection.cursor() as cursor, connection.wrap_database_errors:
        held = _held()
        if held is None or len(values) > PAGE:  # a big statement goes at once, after what was held back
            _flush()
            execute_values(cursor.cursor, sql, values, template=template, page_size=PAGE)
            return
        # As execute_values writes it: the one %s of the statement is the rows, each written by the template.
        before, after = sql.split("%s")
        rows_sql = b",".join(cursor.cursor.mogrify(template, row) for row in values)
        held.append(before.encode() + rows_sql + after.encode())


def execute(sql: str, params: list) -> None:
    """A statement of the caller's own (`%s` placeholders), held with the others inside together()."""
    with connection.cursor() as cursor:
        held = _held()
        if held is None:
            cursor.execute(sql, params)
            return
        with connection.wrap_database_errors:
            held.append(cursor.cursor.mogrify(sql, params))


def _field(model: type[models.Model], name: str) -> models.Field:
    return model._meta.pk if name == "id" else model._meta.get_field(name)
