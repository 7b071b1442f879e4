"""Registrations are found by a digest of their address in the conference's own namespace."""

import importlib

from conference.models import email_hash
from newsletter.models import email_hash as newsletter_email_hash

migration = importlib.import_module("conference.migrations.0008_registration_email_hash_namespace")


def test_the_conference_and_the_newsletter_digest_an_address_differently():
    assert email_hash("Kari@Example.no") == email_hash(" kari@example.no ")
    assert email_hash("kari@example.no") != newsletter_email_hash("kari@example.no")


def test_the_migration_makes_the_digests_the_code_looks_for():
    """Stored digests were made again by the migration; the code must find them."""
    assert migration.digest("allmenn-conference", " Kari@Example.no") == email_hash("kari@example.no")
    assert migration.digest("allmenn-newsletter", "kari@example.no") == newsletter_email_hash("kari@example.no")
