"""core.ranges.parse_range with hostile headers: ASCII digits only, bounded length, never an exception."""

import pytest

from core.ranges import parse_range

SIZE = 1000


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-9", (0, 9)),
        ("bytes=990-", (990, 999)),
        ("bytes=-10", (990, 999)),
        ("bytes=0000000000000000000000000000005-6", (5, 6)),  # leading zeros are not a big number
        # A first byte beyond any file: unsatisfiable, however many digits.
        ("bytes=" + "9" * 19 + "-", "unsatisfiable"),
        ("bytes=" + "9" * 150 + "-", "unsatisfiable"),
        # A last byte or a suffix beyond any file means "to the end" / "all of it".
        ("bytes=0-" + "9" * 40, (0, SIZE - 1)),
        ("bytes=-" + "9" * 40, (0, SIZE - 1)),
        ("bytes=" + "9" * 40 + "-" + "9" * 41, "unsatisfiable"),
        # Longer than any sane header: ignored, the whole file.
        ("bytes=" + "9" * 5000 + "-", None),
        ("bytes=0-" + "9" * 5000, None),
        ("bytes=-" + "9" * 5000, None),
        # Only ASCII digits are digits.
        ("bytes=²-", None),
        ("bytes=0-²", None),
        ("bytes=-²", None),
        ("bytes=３-", None),
        ("bytes=٣-٤", None),
        ("bytes=1-2\n", None),
        ("bytes=+1-2", None),
        ("bytes=1_0-20", None),
        ("bytes=" + ",".join(f"{n}-{n}" for n in range(500)), None),
    ],
)
def test_parse_range_with_hostile_headers(header, expected):
    assert parse_range(header, SIZE) == expected
