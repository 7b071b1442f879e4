from .pages import NewsletterArchivePage, NewsletterIssuePage
from .sending import Delivery, Send
from .subscribers import (
    AccessToken,
    Consent,
    ConsentText,
    MailLanguage,
    Role,
    Status,
    Subscriber,
    Suppression,
    Topic,
    email_hash,
)

__all__ = [
    "AccessToken",
    "Consent",
    "ConsentText",
    "Delivery",
    "MailLanguage",
    "NewsletterArchivePage",
    "NewsletterIssuePage",
    "Role",
    "Send",
    "Status",
    "Subscriber",
    "Suppression",
    "Topic",
    "email_hash",
]
