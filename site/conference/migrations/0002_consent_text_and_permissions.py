"""The first consent text for registrations, and the organisers' permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONSENT_NB = (
    "Jeg melder meg på konferansen. Allmennlegeprogrammet lagrer navnet mitt, e-postadressen, arbeidsstedet, "
    "rollen, kommunen og svarene mine for å gjennomføre konferansen. Svar om kosthold og tilrettelegging slettes "
    "rett etter konferansen, og alle personopplysninger slettes senest 90 dager etter. Jeg kan se, endre og "
    "melde meg av fra lenken i e-posten."
)
CONSENT_NN = (
    "Eg melder meg på konferansen. Allmennlegeprogrammet lagrar namnet mitt, e-postadressa, arbeidsstaden, "
    "rolla, kommunen og svara mine for å gjennomføre konferansen. Svar om kosthald og tilrettelegging blir sletta "
    "rett etter konferansen, og alle personopplysningar blir sletta seinast 90 dagar etter. Eg kan sjå, endre og "
    "melde meg av frå lenka i e-posten."
)
GROUPS = ("Editors", "Moderators")
MODELS = ("registration", "answer", "registrationconsenttext")


def forwards(apps, schema_editor):
    ConsentText = apps.get_model("conference", "RegistrationConsentText")
    ConsentText.objects.get_or_create(version=1, defaults={"text": CONSENT_NB, "text_nn": CONSENT_NN})
    app_config = apps.get_app_config("conference")
    app_config.models_module = True  # the migration's app stub lacks it; create_permissions checks it
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model in MODELS for action in ("add", "change", "view")]
    permissions = Permission.objects.filter(content_type__app_label="conference", codename__in=codenames)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("conference", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
