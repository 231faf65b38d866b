"""Span checks of inserted claims and figures once per statement on PostgreSQL (see claims/db_rules.py; the
per-row checks made an ingest quadratic in the article's length), and where an article's extraction stands."""

from django.db import migrations, models

from claims import db_rules


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0006_history_and_versions'),
    ]

    operations = [
        # Dropped by every name, old and new, and made again as db_rules has them now (SQLite rebuilds
        # claims_article for the new columns, without its trigger).
        db_rules.drop_for_rebuild(),
        migrations.AddField(
            model_name='article',
            name='extraction_finished_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='article',
            name='extraction_message',
            field=models.TextField(blank=True, editable=False, help_text='What the last extraction found, or why it failed.'),
        ),
        migrations.AddField(
            model_name='article',
            name='extraction_started_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='article',
            name='extraction_status',
            field=models.CharField(blank=True, choices=[('', 'Not run'), ('pending', 'Waiting for a worker'), ('running', 'Running'), ('done', 'Done'), ('failed', 'Failed')], default='', editable=False, max_length=16),
        ),
        db_rules.create_after_rebuild(),
    ]
