"""The three topics, the first consent text, and the editors' permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TOPICS = [
    {
        "slug": "flo",
        "name": "Månedlig nyhetsbrev med FLO-tall",
        "name_nn": "Månadleg nyheitsbrev med FLO-tal",
        "description": "Ferske tall fra fastlegeordningen og nytt fra programmet, en gang i måneden.",
        "description_nn": "Ferske tal frå fastlegeordninga og nytt frå programmet, ein gong i månaden.",
        "list_name": "Fastlegenytt",
        "sort_order": 1,
    },
    {
        "slug": "podkast",
        "name": "Nye podkastepisoder",
        "name_nn": "Nye podkastepisodar",
        "description": "En e-post når en ny episode er ute.",
        "description_nn": "Ein e-post når ein ny episode er ute.",
        "list_name": "Podkast",
        "sort_order": 2,
    },
    {
        "slug": "konferanse",
        "name": "Nytt om Fastlegekonferansen",
        "name_nn": "Nytt om Fastlegekonferansen",
        "description": "Program, påmelding og praktisk informasjon om den årlige konferansen.",
        "description_nn": "Program, påmelding og praktisk informasjon om den årlege konferansen.",
        "list_name": "Fastlegekonferansen",
        "sort_order": 3,
    },
]

CONSENT_NB = (
    "Jeg vil få e-post om temaene jeg har valgt. Allmennlegeprogrammet lagrer e-postadressen min, "
    "navnet, rollen og kommunen jeg eventuelt oppgir, og hva jeg har valgt, bare for å sende meg dette. "
    "Jeg kan når som helst melde meg av, endre valgene, laste ned eller slette dataene mine "
    "fra lenken i hver e-post."
)
CONSENT_NN = (
    "Eg vil få e-post om tema eg har valt. Allmennlegeprogrammet lagrar e-postadressa mi, "
    "namnet, rolla og kommunen eg eventuelt oppgir, og kva eg har valt, berre for å sende meg dette. "
    "Eg kan når som helst melde meg av, endre vala, laste ned eller slette dataa mine "
    "frå lenka i kvar e-post."
)

GROUPS = ("Editors", "Moderators")
MODELS = ("subscriber", "send", "topic", "consenttext", "suppression", "delivery", "consent")


def forwards(apps, schema_editor):
    Topic = apps.get_model("newsletter", "Topic")
    ConsentText = apps.get_model("newsletter", "ConsentText")
    for topic in TOPICS:
        Topic.objects.update_or_create(slug=topic["slug"], defaults=topic)
    ConsentText.objects.get_or_create(version=1, defaults={"text": CONSENT_NB, "text_nn": CONSENT_NN})

    app_config = apps.get_app_config("newsletter")
    app_config.models_module = True  # the migration's app stub lacks it; create_permissions checks it
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model in MODELS for action in ("add", "change", "view", "delete")]
    # Editors may not rewrite a consent text that has been shown, nor delete a suppression.
    codenames = [c for c in codenames if c not in ("delete_consenttext", "delete_suppression", "delete_delivery")]
    permissions = Permission.objects.filter(content_type__app_label="newsletter", codename__in=codenames)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
