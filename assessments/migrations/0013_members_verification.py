# Members and roles (invitations for one address, used once, revocable; memberships with public ids), e-mail
# verification, and the session hash that ends a removed member's sessions.

import cxmaturity.ids
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def fill_public_ids(apps, schema_editor):
    for name in ("Invitation", "Membership"):
        model = apps.get_model("assessments", name)
        for row in model.objects.filter(public_id__isnull=True).only("pk"):
            row.public_id = cxmaturity.ids.new_public_id()
            row.save(update_fields=["public_id"])


def revoke_open_links(apps, schema_editor):
    # The links made before were for anyone holding them; an invitation is now for one address.
    apps.get_model("assessments", "Invitation").objects.filter(email="", revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


class Migration(migrations.Migration):

    dependencies = [
        ('assessments', '0012_throttle_cache_table'),
    ]

    operations = [
        migrations.AddField(
            model_name='invitation',
            name='accepted_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='used'),
        ),
        migrations.AddField(
            model_name='invitation',
            name='accepted_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='joined'),
        ),
        migrations.AddField(
            model_name='invitation',
            name='email',
            field=models.EmailField(default='', max_length=254, verbose_name='e-mail address'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='invitation',
            name='revoked_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='revoked'),
        ),
        migrations.AddField(
            model_name='invitation',
            name='public_id',
            field=models.CharField(editable=False, max_length=26, null=True),
        ),
        migrations.AddField(
            model_name='membership',
            name='public_id',
            field=models.CharField(editable=False, max_length=26, null=True),
        ),
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop),
        migrations.RunPython(revoke_open_links, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='invitation',
            name='public_id',
            field=models.CharField(default=cxmaturity.ids.new_public_id, editable=False, max_length=26, unique=True),
        ),
        migrations.AlterField(
            model_name='membership',
            name='public_id',
            field=models.CharField(default=cxmaturity.ids.new_public_id, editable=False, max_length=26, unique=True),
        ),
        migrations.AddField(
            model_name='user',
            name='email_verified_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='e-mail address confirmed'),
        ),
        migrations.AddField(
            model_name='user',
            name='sessions_revoked_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='sessions ended'),
        ),
    ]
