"""A fact card says a change once: "46 800 færre innbyggere ...", never "−46 800 færre ..."."""

import pytest

from core.blocks import FactCardsBlock


def rendered(figure: str, label: str) -> str:
    block = FactCardsBlock()
    return block.render(block.to_python({"heading": "", "cards": [{"figure": figure, "label": label, "source": ""}]}))


@pytest.mark.parametrize(
    ("figure", "label", "shown"),
    [
        ("−46\u00a0800", "færre innbyggere på lister uten fast lege enn i 2024", "46\u00a0800"),
        ("+120", "flere fastleger enn i fjor", "120"),
        ("-11 %", "fewer locum weeks than in 2024", "11 %"),
        ("−26 %", "endring i innbyggere på lister uten fast lege", "−26 %"),
        ("5\u00a0140", "fastleger ved utgangen av året", "5\u00a0140"),
    ],
)
def test_the_sign_goes_when_the_explanation_gives_the_direction(figure, label, shown):
    assert f'<p class="block-facts__figure">{shown}</p>' in rendered(figure, label)
