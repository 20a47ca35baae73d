"""Chart text in Chinese and Thai: fallback fonts found on the machine, never downloaded."""

import logging
import warnings

import matplotlib
import matplotlib.pyplot as plt
import pytest
from matplotlib import font_manager

from nps_toolkit.plots import fonts

INSTALLED = {f.name for f in font_manager.fontManager.ttflist}
CHINESE = [f for f in fonts.FALLBACK_FONTS[:10] if f in INSTALLED]
THAI = [f for f in fonts.FALLBACK_FONTS[10:18] if f in INSTALLED]


def test_fallbacks_follow_the_current_font_in_the_documented_order():
    got = fonts.fallback_fonts(["Loma", "Arial", "SimHei", "Comic Sans MS"])
    assert got == ["DejaVu Sans", "SimHei", "Loma"]  # SimHei comes before Loma in the list


def test_without_any_fallback_installed_only_the_current_font_is_used():
    assert fonts.fallback_fonts(["Arial", "Comic Sans MS"]) == ["DejaVu Sans"]


def _missing_glyphs(text: str) -> list[str]:
    fig, ax = plt.subplots()
    ax.set_title(text)
    ax.set_yticks([0, 1], [text, "prix"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    plt.close(fig)
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


@pytest.mark.skipif(
    not (CHINESE and THAI),
    reason="no Chinese and Thai font installed (.ci/run installs fonts-wqy-zenhei, fonts-thai-tlwg)",
)
def test_chinese_and_thai_keywords_are_drawn_with_glyphs():
    text = "价格 ราคา giá prix"
    with matplotlib.rc_context():
        assert _missing_glyphs(text)  # the default font has no such glyphs: the check can fail
        families = fonts.use_fallback_fonts()
        assert families[0] == "DejaVu Sans" and CHINESE[0] in families and THAI[0] in families
        assert _missing_glyphs(text) == []


def test_the_note_about_a_fallback_font_weight_is_quieted(monkeypatch, caplog):
    monkeypatch.setattr(fonts, "fallback_fonts", lambda: ["DejaVu Sans", "Loma"])
    log = logging.getLogger("matplotlib.font_manager")
    monkeypatch.setattr(log, "filters", list(log.filters))
    with matplotlib.rc_context():
        fonts.use_fallback_fonts()
        assert matplotlib.rcParams["font.family"] == ["DejaVu Sans", "Loma"]
        with caplog.at_level(logging.INFO, logger="matplotlib.font_manager"):
            log.warning("findfont: Failed to find font weight normal for Loma, now using 500.")
            log.warning("findfont: Font family 'Nope' not found.")
    messages = [r.getMessage() for r in caplog.records]
    assert messages == ["findfont: Font family 'Nope' not found."]
