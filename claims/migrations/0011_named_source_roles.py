from __future__ import annotations

from django.contrib.auth.management import create_permissions
from django.db import migrations

from claims.roles import ROLES

# The roles' permissions on named sources (0010 made the model): editors and reviewers see the list and resolve a
# named source to its page.
NEW = ("claims.view_namedsource", "claims.change_namedsource")


def add_permissions(apps, schema_editor) -> None:
    app_config = apps.get_app_config("claims")
    app_config.models_module = True  # the migration state's stand-in lacks it
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for code in set(codes) & set(NEW):
            permission = Permission.objects.get(content_type__app_label="claims", codename=code.split(".")[1])
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("claims", "0010_web_articles"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]
