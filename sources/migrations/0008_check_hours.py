"""Checks per hour kept by a trigger (sources.models.CheckHour), and counted once from the checks so far. The SQL
is written out here, not imported, so this migration does what it did when it was written. The good outcomes
(ok, redirected) are sources.fetching.outcomes.GOOD as of now; a change there needs a migration here too."""

from django.db import migrations, models

POSTGRESQL = [
    """CREATE FUNCTION sources_check_hours() RETURNS trigger AS $$
BEGIN
    INSERT INTO sources_checkhour (hour, checks, failures)
    SELECT date_trunc('hour', checked_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', count(*),
           count(*) FILTER (WHERE outcome NOT IN ('ok', 'redirected'))
    FROM new_checks GROUP BY 1
    ON CONFLICT (hour) DO UPDATE SET checks = sources_checkhour.checks + EXCLUDED.checks,
                                     failures = sources_checkhour.failures + EXCLUDED.failures;
    RETURN NULL;
END $$ LANGUAGE plpgsql""",
    "CREATE TRIGGER sources_check_hours AFTER INSERT ON sources_sourcecheck REFERENCING NEW TABLE AS new_checks "
    "FOR EACH STATEMENT EXECUTE FUNCTION sources_check_hours()",
    """INSERT INTO sources_checkhour (hour, checks, failures)
    SELECT date_trunc('hour', checked_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', count(*),
           count(*) FILTER (WHERE outcome NOT IN ('ok', 'redirected'))
    FROM sources_sourcecheck GROUP BY 1""",
]
POSTGRESQL_DROP = ["DROP TRIGGER IF EXISTS sources_check_hours ON sources_sourcecheck",
                   "DROP FUNCTION IF EXISTS sources_check_hours"]
# SQLite stores a datetime as UTC text ("2026-12-01 12:34:56.123456"); its triggers run per row.
SQLITE = [
    """CREATE TRIGGER sources_check_hours AFTER INSERT ON sources_sourcecheck BEGIN
    INSERT INTO sources_checkhour (hour, checks, failures)
    VALUES (strftime('%Y-%m-%d %H:00:00', new.checked_at), 1, new.outcome NOT IN ('ok', 'redirected'))
    ON CONFLICT (hour) DO UPDATE SET checks = checks + 1, failures = failures + excluded.failures;
END""",
    """INSERT INTO sources_checkhour (hour, checks, failures)
    SELECT strftime('%Y-%m-%d %H:00:00', checked_at), count(*), sum(outcome NOT IN ('ok', 'redirected'))
    FROM sources_sourcecheck GROUP BY 1""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS sources_check_hours"]


def create(apps, schema_editor) -> None:
    postgres = schema_editor.connection.vendor == "postgresql"
    for statement in POSTGRESQL if postgres else SQLITE:
        schema_editor.execute(statement)


def drop(apps, schema_editor) -> None:
    postgres = schema_editor.connection.vendor == "postgresql"
    for statement in POSTGRESQL_DROP if postgres else SQLITE_DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [("sources", "0007_url_trigrams")]

    operations = [
        migrations.CreateModel(
            name="CheckHour",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("hour", models.DateTimeField(unique=True)),
                ("checks", models.PositiveIntegerField(default=0)),
                ("failures", models.PositiveIntegerField(default=0)),
            ],
            options={"ordering": ["hour"]},
        ),
        migrations.RunPython(create, drop),
    ]
