"""The register of counties and municipalities now belongs to core.

State only for the schema: MonthlyFigures.municipality points to core.Municipality, and
flo forgets County and Municipality without dropping their tables, which core's models
use under the same names. The content types flo.county and flo.municipality are renamed
to core, so their permissions (and the groups and users that hold them, and log
entries) follow the models instead of being left behind as stale.

Runs after every app that pointed a foreign key at flo.Municipality has moved it to core.
"""

import django.db.models.deletion
from django.db import migrations, models

MODELS = ("county", "municipality")


def move_content_types(source: str, target: str):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        Permission = apps.get_model("auth", "Permission")
        db = schema_editor.connection.alias
        for model in MODELS:
            old = ContentType.objects.using(db).filter(app_label=source, model=model).first()
            if old is None:
                continue  # a database whose content types were never created
            new = ContentType.objects.using(db).filter(app_label=target, model=model).first()
            if new is not None:
                # A post_migrate ran between the state moves and this migration (e.g. `migrate core`)
                # and created the target's content type. Keep the old row, with its id and grants;
                # carry over any grant given on the new one.
                for permission in Permission.objects.using(db).filter(content_type=new):
                    kept = Permission.objects.using(db).filter(content_type=old, codename=permission.codename).first()
                    if kept is None:
                        permission.content_type = old
                        permission.save(update_fields=["content_type"])
                        continue
                    kept.group_set.add(*permission.group_set.all())
                    kept.user_set.add(*permission.user_set.all())
                    permission.delete()
                new.delete()
            old.app_label = target
            old.save(update_fields=["app_label"])
        ContentType.objects.clear_cache()

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("flo", "0005_body_without_newsletter_signup"),
        ("core", "0004_county_municipality"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        # Every foreign key to flo.Municipality must have moved before flo forgets the model.
        ("newsletter", "0004_subscriber_municipality_in_core"),
        ("conference", "0007_registration_municipality_in_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="monthlyfigures",
                    name="municipality",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="figures",
                        to="core.municipality",
                        verbose_name="kommune",
                    ),
                ),
                migrations.DeleteModel(name="Municipality"),
                migrations.DeleteModel(name="County"),
            ],
        ),
        migrations.RunPython(move_content_types("flo", "core"), move_content_types("core", "flo")),
    ]
