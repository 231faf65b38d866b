"""Span invariants that need the article text: see claims/db_rules.py."""

from __future__ import annotations

from django.db import migrations

from claims import db_rules


def forwards(apps, schema_editor) -> None:
    db_rules.create(schema_editor)


def backwards(apps, schema_editor) -> None:
    db_rules.drop(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
