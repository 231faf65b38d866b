"""A verdict's public page (Claim.review_url).

SQLite adds a NOT NULL column by rebuilding the table, and a rebuilt claims_claim loses its triggers (the span
rules of claims/db_rules.py and the full-text index's, migration 0013) while the figures' triggers that read it
fail mid-rebuild. A column that starts empty needs no rebuild: there it is added in place."""

import django.core.validators
from django.db import migrations, models

FIELD = dict(
    blank=True, max_length=2000, validators=[django.core.validators.URLValidator(schemes=["http", "https"])],
    help_text="The public page of the desk's fact-check of this claim; a verdict is published as ClaimReview once "
              "it has one.",
)
MODELS = ["claim", "historicalclaim"]
TABLES = ["claims_claim", "claims_historicalclaim"]


def add(apps, schema_editor) -> None:
    # The column starts empty for every row, which is what Django's AddField would leave too.
    keep_default = schema_editor.connection.vendor == "sqlite"  # SQLite drops a default only by rebuilding
    for table in TABLES:
        schema_editor.execute(f'ALTER TABLE "{table}" ADD COLUMN "review_url" varchar(2000) NOT NULL DEFAULT \'\'')
        if not keep_default:
            schema_editor.execute(f'ALTER TABLE "{table}" ALTER COLUMN "review_url" DROP DEFAULT')


def remove(apps, schema_editor) -> None:
    for table in TABLES:
        schema_editor.execute(f'ALTER TABLE "{table}" DROP COLUMN "review_url"')


class Migration(migrations.Migration):

    dependencies = [("claims", "0016_filter_indexes")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddField(name, "review_url", models.URLField(**FIELD)) for name in MODELS],
            database_operations=[migrations.RunPython(add, remove)],
        ),
    ]
