"""helpers.limits reads the distances the law texts of data/law.csv state."""

import pytest

from helpers import data, limits


def _law_with(monkeypatch, text):
    frame = data.law().iloc[:1].copy()
    frame["id"], frame["text"] = "made-up", text
    monkeypatch.setattr(data, "law", lambda: frame)


def test_figures_of_the_kit_texts():
    assert limits.limit_nmi("unclos-art3") == 12.0
    assert limits.limit_nmi("unclos-art57") == 200.0
    assert limits.limit_nmi("finland-ts-gulf-of-finland-midline") == 3.0  # written "3nm"
    assert limits.stated_nmi("gulf-of-finland-corridor") == [3.0, 6.0]  # "three ... six", in order


@pytest.mark.parametrize("text, figures", [
    ("no closer than 2.5 nm to the line", [2.5]),
    ("Twenty-four nautical miles, not 24 km", [24.0]),
    ("a 10-nmi ring and 12 nautical mile limit", [10.0, 12.0]),
    ("12 km from the coast, 5 nmiles", []),
])
def test_only_nautical_miles_are_read(monkeypatch, text, figures):
    _law_with(monkeypatch, text)
    assert limits.stated_nmi("made-up") == figures


def test_clear_errors(monkeypatch):
    with pytest.raises(KeyError, match="no row 'nope' in data/law.csv"):
        limits.stated_nmi("nope")
    with pytest.raises(ValueError, match="row 'gulf-of-finland-corridor', column text: .* found 2"):
        limits.limit_nmi("gulf-of-finland-corridor")
    with pytest.raises(ValueError, match="found 0"):
        limits.limit_nmi("unclos-art2-2")
