from __future__ import annotations

from django.contrib.auth.management import create_permissions
from django.db import migrations

from claims.roles import ROLES


def create_groups(apps, schema_editor) -> None:
    # Permissions are normally made after all migrations; make them now to attach them.
    for label in ("claims", "sources"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True  # the migration state's stand-in lacks it
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            # A permission of a model a later migration creates is added by that migration.
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission:
                group.permissions.add(permission)


def remove_groups(apps, schema_editor) -> None:
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0002_span_triggers"),
        ("sources", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_groups, remove_groups)]
