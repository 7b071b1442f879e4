"""Registrations' address digests get the conference's own namespace.

They were made with the newsletter's (`allmenn-newsletter`) while the conference borrowed
the newsletter's address module. A registration is found by its digest (duplicates, the
"send me my link" form), so every stored one is made again from the stored address;
registrations whose personal data is purged keep their "purged:<id>" placeholder.
"""

import hashlib

from django.db import migrations


def digest(namespace: str, email: str) -> str:
    return hashlib.sha256(namespace.encode() + b"\0" + email.strip().lower().encode()).hexdigest()


def rehash(namespace: str):
    def run(apps, schema_editor):
        Registration = apps.get_model("conference", "Registration")
        db = schema_editor.connection.alias
        changed = []
        for registration in Registration.objects.using(db).exclude(email="").only("pk", "email").iterator():
            registration.email_hash = digest(namespace, registration.email)
            changed.append(registration)
        Registration.objects.using(db).bulk_update(changed, ["email_hash"], batch_size=500)

    return run


class Migration(migrations.Migration):
    dependencies = [("conference", "0007_registration_municipality_in_core")]

    operations = [migrations.RunPython(rehash("allmenn-conference"), rehash("allmenn-newsletter"))]
