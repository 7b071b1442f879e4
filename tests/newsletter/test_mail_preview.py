"""The e-mail previews in the page editor look like the mail that is sent.

Wagtail serves a preview as a request to the page's public address, so the public site's
Content-Security-Policy applied to it and refused the mail's inline styles. The preview
now has a policy of its own: inline styles as in any mail, and still nothing that runs.
The browser test compares the preview with the HTML part of a mail sent through SMTP.
"""

from __future__ import annotations

import io
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from newsletter.tasks import send_test_task
from tests.e2e.conftest import SCREENSHOT_DIR

VIEWPORT = {"width": 800, "height": 900}

# Every element of the mail, in document order, with the properties its styles set.
COMPUTED_STYLES = """() => Array.from(document.querySelectorAll("body, body *")).map(el => {
    const s = getComputedStyle(el);
    return [el.tagName, s.display, s.color, s.backgroundColor, s.fontFamily, s.fontSize, s.fontWeight,
            s.lineHeight, s.textAlign, s.maxWidth, s.paddingTop, s.paddingRight, s.paddingBottom,
            s.paddingLeft, s.marginTop, s.marginBottom, s.borderTopWidth, s.borderTopColor,
            s.textDecorationLine].join(" | ");
})"""

RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(`${event.violatedDirective}: ${event.blockedURI}`);
});
"""


def issue_form_data(issue) -> dict:
    return nested_form_data(
        {
            "title": issue.title,
            "slug": issue.slug,
            "preheader": "Ferske tall og nytt fra programmet",
            "topic": issue.topic_id,
            "issue_month": issue.issue_month.isoformat(),
            "language": "nb",
            "summary": "",
            "body": streamfield(
                [
                    ("heading", {"text": "Nytt fra programmet"}),
                    ("rich_text", rich_text("<p>Fastlegeordningen er grunnmuren i helsetjenesten.</p>")),
                    ("button", {"text": "Les mer", "page": "", "url": "https://www.helsedirektoratet.no/"}),
                ]
            ),
            "footnotes": inline_formset([]),
            "social_text": "",
            "seo_title": "",
            "search_description": "",
            "change_note": "",
        }
    )


def preview_url(issue) -> str:
    return reverse("wagtailadmin_pages:preview_on_edit", args=[issue.pk])


def start_preview(client, issue) -> None:
    """What the editor's preview panel does: post the form, then load a mode."""
    assert client.post(preview_url(issue), issue_form_data(issue)).json().get("is_valid") is True


# --- The policy, without a browser --------------------------------------------------------------


def test_the_mail_preview_allows_inline_styles_but_no_scripts(communications_client, newsletter_issue):
    start_preview(communications_client, newsletter_issue)
    for mode in ("email", "email-nn"):
        policy = communications_client.get(preview_url(newsletter_issue) + f"?mode={mode}")["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["style-src"] == "'unsafe-inline'", policy
        assert directives["script-src"] == "'none'", policy
        assert directives["default-src"] == "'none'", policy
        assert directives["form-action"] == "'none'", policy
        assert directives["frame-ancestors"] == "'self'", policy


def test_the_public_site_keeps_its_policy(site_client, newsletter_issue, communications_client):
    public = site_client.get(newsletter_issue.url)
    assert public.status_code == 200
    policy = public["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "style-src 'self'" in policy
    # The web preview of the same issue is the public page, with the public policy.
    start_preview(communications_client, newsletter_issue)
    web_preview = communications_client.get(preview_url(newsletter_issue))
    assert "unsafe-inline" not in web_preview["Content-Security-Policy"]


# --- In a browser -------------------------------------------------------------------------------


def sent_html(smtp_server) -> str:
    (message,) = smtp_server.messages
    parsed = message_from_bytes(message.as_bytes(), policy=default_policy)
    return parsed.get_body(preferencelist=("html",)).get_content()


def screenshot_difference(first: bytes, second: bytes) -> tuple[int, int, int, int] | None:
    """The box in which two screenshots differ, or None when they are the same."""
    from PIL import Image, ImageChops

    one, two = Image.open(io.BytesIO(first)).convert("RGB"), Image.open(io.BytesIO(second)).convert("RGB")
    if one.size != two.size:
        return (0, 0, *max(one.size, two.size))
    return ImageChops.difference(one, two).getbbox()


@pytest.mark.e2e
def test_the_mail_preview_looks_like_the_sent_mail(
    chromium, live_server, admin_browser_context, client, newsletter_issue, smtp_server
):
    # The issue as saved (what a test mail renders) and as previewed come from the same form.
    saved = client.post(
        reverse("wagtailadmin_pages:edit", args=[newsletter_issue.pk]), issue_form_data(newsletter_issue)
    )
    assert saved.status_code == 302
    start_preview(client, newsletter_issue)
    send_test_task.enqueue(newsletter_issue.pk, ["kari.lege@example.no"], "nb")
    mail_html = sent_html(smtp_server)

    context = admin_browser_context(viewport=VIEWPORT)
    preview = context.new_page()
    preview.add_init_script(RECORD_CSP_VIOLATIONS)
    response = preview.goto(live_server.url + preview_url(newsletter_issue) + "?mode=email")
    assert response.status == 200 and "Nytt fra programmet" in preview.content()
    preview_styles = preview.evaluate(COMPUTED_STYLES)
    preview_shot = preview.screenshot(full_page=True)
    violations = preview.evaluate("window.__cspViolations")

    # The mail as a mail program shows it: the HTML part on its own, with no policy.
    mail = chromium.new_context(viewport=VIEWPORT, locale="nb-NO").new_page()
    mail.set_content(mail_html)
    mail_styles = mail.evaluate(COMPUTED_STYLES)
    mail_shot = mail.screenshot(full_page=True)

    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    (SCREENSHOT_DIR / "mail-preview.png").write_bytes(preview_shot)
    (SCREENSHOT_DIR / "mail-as-sent.png").write_bytes(mail_shot)
    assert not violations, "the preview's policy refused:\n" + "\n".join(violations)
    assert preview_styles == mail_styles
    assert screenshot_difference(preview_shot, mail_shot) is None, "see var/screenshots/mail-*.png"
    mail.context.close()
