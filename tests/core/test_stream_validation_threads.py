"""Two drafts validated at once in one process are each validated as drafts.

Wagtail validates a draft (*Lagre kladd*, autosave) by switching "required" off on the
block definitions that every request in the process shares, and back on afterwards. On a
threaded server two drafts validated at once share the switch: the first to finish
switches "required" back on while the second is still being validated, and the second
draft is refused for a field that a draft may leave empty (a publish validated in that
window passes without one; the very first overlap in a process can end in a server
error, restoring a block before it was switched). BasePageForm validates one form at a
time (core.models.STREAM_VALIDATION_LOCK); the negative control takes the lock away under
the same load and shows a draft refused.
"""

from __future__ import annotations

import contextlib
import threading
import time
from unittest import mock

import pytest
from django.db import connection
from wagtail.blocks import FieldBlock, StreamBlock
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from pages.factories import GuidancePageFactory
from pages.models import GuidancePage

VIDEO_URL = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"


def required_field_blocks(block) -> list[FieldBlock]:
    found = []
    for child in getattr(block, "child_blocks", {}).values():
        if isinstance(child, FieldBlock) and child.required:
            found.append(child)
        found.extend(required_field_blocks(child))
    return found


def draft_form(page: GuidancePage):
    form_class = GuidancePage.get_edit_handler().get_form_class()
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "language": "nb",
            "summary": "",
            # A video without its title yet: a draft may leave a required field empty.
            "body": streamfield([("video", {"url": VIDEO_URL, "title": "", "description": ""})]),
            "footnotes": inline_formset([]),
            "attachments": streamfield([]),
            "tags": "",
            "change_note": "",
        }
    )
    form = form_class(data, instance=page, parent_page=page.get_parent(), for_user=None)
    form.defer_required_fields()  # as the edit view does for "save"
    return form


def validate_two_drafts_at_once(page: GuidancePage) -> list[bool]:
    forms = [draft_form(page), draft_form(page)]
    valid = [False, False]
    start = threading.Barrier(2)
    original_clean = StreamBlock.clean

    def slow_clean(self, value):
        time.sleep(0.2 if threading.current_thread().name == "draft-0" else 0.4)  # where requests overlap
        return original_clean(self, value)

    def validate(index: int) -> None:
        try:
            start.wait(10)
            valid[index] = forms[index].is_valid()
            forms[index].restore_required_fields()
        finally:
            connection.close()

    with mock.patch.object(StreamBlock, "clean", slow_clean):
        threads = [threading.Thread(target=validate, args=(i,), name=f"draft-{i}") for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    return valid


@pytest.fixture
def guidance(home_page) -> GuidancePage:
    return GuidancePageFactory(parent=home_page, title="Veiledning")


@pytest.mark.django_db(transaction=True)
def test_two_drafts_validated_at_once_are_both_drafts(guidance):
    assert validate_two_drafts_at_once(guidance) == [True, True]
    body_block = GuidancePage._meta.get_field("body").stream_block
    assert all(block.required for block in required_field_blocks(body_block))


@pytest.mark.django_db(transaction=True)
def test_without_the_lock_a_draft_is_refused(guidance):
    """Negative control."""
    with mock.patch("core.models.STREAM_VALIDATION_LOCK", contextlib.nullcontext()):
        valid = validate_two_drafts_at_once(guidance)
    assert valid != [True, True]
