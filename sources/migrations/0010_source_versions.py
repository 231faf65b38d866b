"""Every distinct text of a source is kept as a version, and a citation knows the one it cited.

The single snapshot of each source becomes its first version, and every existing citation of a page unchanged
since cites it. Set-based SQL
(one INSERT ... SELECT and two UPDATEs, the same on PostgreSQL and SQLite 3.33+): a desk with a million claims
migrates in a few statements, not a row at a time. The database cannot read compressed text, so a carried-over
version is keyed by the hash of the page body it was read from (see SourceVersion.text_hash)."""

import django.db.models.deletion
from django.db import migrations, models


def versions_from_snapshots(apps, schema_editor):
    quote = schema_editor.quote_name
    snapshot = quote(apps.get_model("sources", "Snapshot")._meta.db_table)
    version = quote(apps.get_model("sources", "SourceVersion")._meta.db_table)
    citation = quote(apps.get_model("sources", "Citation")._meta.db_table)
    source = quote(apps.get_model("sources", "Source")._meta.db_table)
    statements = [
        f"INSERT INTO {version} (source_id, text_hash, first_seen_at, title, size, text_z) "
        f"SELECT source_id, content_hash, fetched_at, title, NULL, text_z FROM {snapshot}",
        f"UPDATE {snapshot} SET text_hash = content_hash",
        # Only where the page has not changed since it was cited: the snapshot is then the text as cited. A
        # citation of a page that changed after it keeps none; the claim page says its text as cited is unknown.
        f"UPDATE {citation} SET cited_version_id = v.id FROM {version} AS v "
        f"WHERE v.source_id = {citation}.source_id AND {citation}.cited_version_id IS NULL "
        f"AND EXISTS (SELECT 1 FROM {source} AS s WHERE s.id = {citation}.source_id "
        f"AND (s.changed_at IS NULL OR s.changed_at <= {citation}.created_at))",
    ]
    with schema_editor.connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
        if schema_editor.connection.vendor == "postgresql":
            # The foreign keys are checked now, so the column can be dropped in this transaction.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def snapshots_from_versions(apps, schema_editor):
    quote = schema_editor.quote_name
    snapshot = quote(apps.get_model("sources", "Snapshot")._meta.db_table)
    version = quote(apps.get_model("sources", "SourceVersion")._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"UPDATE {snapshot} SET text_z = v.text_z FROM {version} AS v "
                       f"WHERE v.source_id = {snapshot}.source_id AND v.text_hash = {snapshot}.text_hash")
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ("sources", "0009_translatable_names"),
    ]

    operations = [
        migrations.CreateModel(
            name="SourceVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text_hash", models.CharField(max_length=64, verbose_name="text hash")),
                ("first_seen_at", models.DateTimeField(verbose_name="first seen")),
                ("title", models.CharField(blank=True, max_length=300, verbose_name="title")),
                ("size", models.PositiveIntegerField(
                    blank=True, null=True, help_text="Length of the text; unknown for versions kept before 0010.",
                    verbose_name="characters")),
                ("text_z", models.BinaryField(verbose_name="text (compressed)")),
                ("source", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="versions",
                                             to="sources.source", verbose_name="source")),
            ],
            options={
                "verbose_name": "source version",
                "verbose_name_plural": "source versions",
                "ordering": ["source_id", "-first_seen_at", "-id"],
                "constraints": [models.UniqueConstraint(fields=("source", "text_hash"),
                                                        name="sourceversion_once_per_text")],
            },
        ),
        migrations.AddField(
            model_name="snapshot",
            name="text_hash",
            field=models.CharField(blank=True, default="", max_length=64, verbose_name="text hash"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="citation",
            name="cited_version",
            field=models.ForeignKey(
                blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT,
                related_name="citations", to="sources.sourceversion", verbose_name="version as cited",
                help_text="The source's text when it was cited: the version current then, or the first one fetched."),
        ),
        migrations.RunPython(versions_from_snapshots, snapshots_from_versions, elidable=False),
        migrations.RemoveField(
            model_name="snapshot",
            name="text_z",
        ),
    ]
