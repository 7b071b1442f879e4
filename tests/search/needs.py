"""Markers for search tests that need something from the machine."""

from __future__ import annotations

import pytest

from search.compounds import dictionary

# Compound splitting needs Debian's hunspell-no (./dev installs it); without it the
# tests of compounds skip with this reason instead of failing one by one.
needs_dictionary = pytest.mark.skipif(
    not dictionary(), reason="the hunspell-no dictionaries are not installed (./dev installs them)"
)
