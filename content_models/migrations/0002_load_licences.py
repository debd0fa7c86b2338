"""Pre-load the licences clinic images most often carry."""

from django.db import migrations

from content_models.licence_catalogue import LICENCES, install_licences


def load(apps, schema_editor):
    install_licences(apps.get_model("content_models", "License"))


def unload(apps, schema_editor):
    License = apps.get_model("content_models", "License")
    License.objects.filter(spdx_id__in=[row[0] for row in LICENCES]).delete()


class Migration(migrations.Migration):
    dependencies = [("content_models", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
