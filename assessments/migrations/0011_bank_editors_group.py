"""The "bank editors" group: staff in it create, edit, publish and retire question banks; other staff only
view them (the admin lets any staff member view a bank)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "bank editors"
MODELS = ["questionbank", "maturitylevel", "dimension", "question", "option", "recommendation"]
CODENAMES = [
    f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")
] + ["publish_questionbank"]


def create_group(apps, schema_editor):
    # Permissions are created after all migrations have run; this one needs them now.
    app_config = apps.get_app_config("assessments")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="assessments", codename__in=CODENAMES)
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0010_bank_publishing"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
