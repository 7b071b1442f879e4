"""Seeing or exporting sensitive answers (health data) becomes a permission of its own, held by no group."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('conference', '0008_registration_email_hash_namespace'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='answer',
            options={'permissions': [('view_sensitive_answers', 'Kan se og laste ned sensitive svar (helseopplysninger)')], 'verbose_name': 'svar', 'verbose_name_plural': 'svar'},
        ),
    ]
