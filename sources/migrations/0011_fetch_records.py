import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('sources', '0010_source_versions'),
    ]

    operations = [
        migrations.CreateModel(
            name='FetchRecord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slot', models.UUIDField(help_text="The check this fetch was: the source's check of this slot.", verbose_name='slot')),
                ('captured_at', models.DateTimeField(verbose_name='captured')),
                ('target_uri', models.CharField(max_length=2000, verbose_name='target URI')),
                ('content_hash', models.CharField(max_length=64, verbose_name='content hash')),
                ('size', models.PositiveIntegerField(help_text='Bytes stored, compressed.', verbose_name='size')),
                ('data', models.BinaryField(verbose_name='WARC records (gzip)')),
                ('source', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='fetch_records', to='sources.source', verbose_name='source')),
            ],
            options={
                'verbose_name': 'fetch record',
                'verbose_name_plural': 'fetch records',
                'ordering': ['source_id', 'captured_at', 'id'],
                'indexes': [models.Index(fields=['source', 'captured_at'], name='fetchrecord_of_source'), models.Index(fields=['captured_at'], name='fetchrecord_when')],
                'constraints': [models.UniqueConstraint(fields=('source', 'slot'), name='fetchrecord_one_per_slot')],
            },
        ),
    ]
