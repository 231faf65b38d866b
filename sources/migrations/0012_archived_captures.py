# Archived captures (Memento) on citations, and the Save Page Now request on sources.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('sources', '0011_fetch_records'),
    ]

    operations = [
        migrations.AddField(
            model_name='citation',
            name='archive_url',
            field=models.CharField(blank=True, max_length=2000, verbose_name='archived copy'),
        ),
        migrations.AddField(
            model_name='citation',
            name='archive_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='archived on'),
        ),
        migrations.AddField(
            model_name='citation',
            name='archive_checked_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='archive looked up'),
        ),
        migrations.AddField(
            model_name='citation',
            name='archive_note',
            field=models.CharField(blank=True, max_length=500, verbose_name='archive note'),
        ),
        migrations.AddField(
            model_name='source',
            name='save_requested_at',
            field=models.DateTimeField(blank=True, editable=False, null=True,
                                       verbose_name='archive asked to capture'),
        ),
    ]
