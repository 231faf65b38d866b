"""One name for a worker's hold on a source: the lease (it was "claim" on the source and "slot" on its checks and
fetch records, and "claim" means a Claim here). Metadata only: columns and constraints are renamed in place, no
index is rebuilt.

PostgreSQL renames the two unique constraints (and the indexes behind them) by name. SQLite keeps the old names
inside each table's definition: nothing there reads them, and renaming them would mean rebuilding the tables,
which drops the check history's triggers; Django writes the new names whenever it rebuilds a table anyway."""

from django.db import migrations, models

CONSTRAINTS = [("sources_sourcecheck", "sourcecheck_one_per_slot", "sourcecheck_one_per_lease"),
               ("sources_fetchrecord", "fetchrecord_one_per_slot", "fetchrecord_one_per_lease")]


def rename_constraints(apps, schema_editor, *, backwards: bool = False) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for table, old, new in CONSTRAINTS:
        before, after = (new, old) if backwards else (old, new)
        schema_editor.execute(f"ALTER TABLE {quote(table)} RENAME CONSTRAINT {quote(before)} TO {quote(after)}")


def rename_back(apps, schema_editor) -> None:
    rename_constraints(apps, schema_editor, backwards=True)


class Migration(migrations.Migration):

    dependencies = [("sources", "0012_archived_captures")]

    operations = [
        # The constraints leave the state first (not the database), so the field renames below meet none naming
        # the old field; they come back under their new names at the end.
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.RemoveConstraint(model_name="sourcecheck", name="sourcecheck_one_per_slot"),
            migrations.RemoveConstraint(model_name="fetchrecord", name="fetchrecord_one_per_slot"),
        ]),
        migrations.RenameField(model_name="source", old_name="claim", new_name="lease"),
        migrations.RenameField(model_name="source", old_name="claimed_at", new_name="leased_at"),
        migrations.RenameField(model_name="sourcecheck", old_name="slot", new_name="lease"),
        migrations.RenameField(model_name="fetchrecord", old_name="slot", new_name="lease"),
        migrations.AlterField(
            model_name="source", name="lease",
            field=models.UUIDField(blank=True, editable=False, null=True, verbose_name="lease"),
        ),
        migrations.AlterField(
            model_name="source", name="leased_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="leased at"),
        ),
        migrations.AlterField(
            model_name="sourcecheck", name="lease",
            field=models.UUIDField(help_text="The lease this check ran under: one result per source and lease.",
                                   verbose_name="lease"),
        ),
        migrations.AlterField(
            model_name="fetchrecord", name="lease",
            field=models.UUIDField(help_text="The check this fetch was: the source's check under this lease.",
                                   verbose_name="lease"),
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(rename_constraints, rename_back)],
            state_operations=[
                migrations.AddConstraint(
                    model_name="sourcecheck",
                    constraint=models.UniqueConstraint(fields=("source", "lease"), name="sourcecheck_one_per_lease"),
                ),
                migrations.AddConstraint(
                    model_name="fetchrecord",
                    constraint=models.UniqueConstraint(fields=("source", "lease"), name="fetchrecord_one_per_lease"),
                ),
            ],
        ),
    ]
