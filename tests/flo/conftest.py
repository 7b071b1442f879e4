"""Fixtures for the statistics: the real register (loaded by the migrations), a statistics
page, and import files built the way an analyst saves them."""

from __future__ import annotations

from datetime import date

import pytest

from flo.factories import StatisticsPageFactory, csv_content, file_rows
from flo.registry import get_registry

# A month safely in the past, after the 2024 reform.
MONTH = date(2025, 3, 1)
BEFORE_REFORM = date(2023, 6, 1)


@pytest.fixture
def registry(db):
    return get_registry()


@pytest.fixture
def oslo(registry):
    return registry.municipality("0301")


@pytest.fixture
def bergen(registry):
    return registry.municipality("4601")


@pytest.fixture
def halden(registry):
    """3101 Halden in Østfold, from 2024."""
    return registry.municipality("3101")


@pytest.fixture
def halden_before_reform(registry):
    """3001 Halden in Viken, 2020–2023, continued as 3101."""
    return registry.municipality("3001")


@pytest.fixture
def ostfold(registry):
    return registry.county("31")


@pytest.fixture
def statistics_page(home_page):
    return StatisticsPageFactory(parent=home_page)


@pytest.fixture
def valid_file(registry):
    """A valid CSV for every municipality in MONTH, as bytes."""
    return csv_content(file_rows(registry.municipalities_on(MONTH), MONTH))
