"""Fixtures for the statistics: the real register (loaded by the migrations), a statistics
page, and import files built the way an analyst saves them."""

from __future__ import annotations

from datetime import date

import pytest

from core.municipality_register import get_municipality_register
from flo.factories import StatisticsPageFactory, csv_content, file_rows

# A month safely in the past, after the 2024 reform.
MONTH = date(2025, 3, 1)
BEFORE_REFORM = date(2023, 6, 1)


@pytest.fixture
def register(db):
    return get_municipality_register()


@pytest.fixture
def oslo(register):
    return register.municipality("0301")


@pytest.fixture
def bergen(register):
    return register.municipality("4601")


@pytest.fixture
def halden(register):
    """3101 Halden in Østfold, from 2024."""
    return register.municipality("3101")


@pytest.fixture
def halden_before_reform(register):
    """3001 Halden in Viken, 2020–2023, continued as 3101."""
    return register.municipality("3001")


@pytest.fixture
def ostfold(register):
    return register.county("31")


@pytest.fixture
def statistics_page(home_page):
    return StatisticsPageFactory(parent=home_page)


@pytest.fixture
def valid_file(register):
    """A valid CSV for every municipality in MONTH, as bytes."""
    return csv_content(file_rows(register.municipalities_on(MONTH), MONTH))
