"""Editors and reviewers see the check history (the roles in claims/roles.py, applied again)."""

from __future__ import annotations

import importlib

from django.db import migrations

roles_migration = importlib.import_module("claims.migrations.0003_roles")


class Migration(migrations.Migration):
    dependencies = [("sources", "0002_source_checks"), ("claims", "0003_roles")]
    operations = [migrations.RunPython(roles_migration.create_groups, migrations.RunPython.noop)]
