"""The show editor's form data, as the admin posts it."""

from __future__ import annotations

from wagtail.test.utils.form_data import inline_formset, nested_form_data


def show_form_data(show, **extra) -> dict:
    """Everything the show's edit form holds today, with `extra` fields changed."""
    return nested_form_data(
        {
            "title": show.title,
            "slug": show.slug,
            "language": show.language,
            "summary": show.summary,
            "description": show.description,
            "artwork": show.artwork_id or "",
            "author": show.author,
            "owner_name": show.owner_name,
            "owner_email": show.owner_email,
            "people": inline_formset([]),
            "apple_category": show.apple_category,
            "apple_subcategory": show.apple_subcategory,
            "show_type": show.show_type,
            "copyright": show.copyright,
            "podcast_locked": "on" if show.podcast_locked else "",
            "funding_url": show.funding_url,
            "funding_text": show.funding_text,
            "new_feed_url": show.new_feed_url,
            "podcast_guid": str(show.podcast_guid or ""),
            "comments": inline_formset([]),
            **extra,
        }
    )
