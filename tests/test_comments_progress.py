"""The progress-bar switch: given, by size, and off in the report's kernels."""

import pytest

from nps_toolkit.comments.progress import PROGRESS_MIN, progress_bar, show_progress


@pytest.mark.parametrize(
    ("progress", "large", "shown"),
    [(None, False, False), (None, True, True), (True, False, True), (False, True, False)],
)
def test_switch_follows_the_argument_then_the_size(monkeypatch, progress, large, shown):
    monkeypatch.delenv("TQDM_DISABLE", raising=False)
    assert show_progress(progress, large=large) is shown


@pytest.mark.parametrize("value", ["1", "true", "YES"])
def test_tqdm_disable_turns_every_bar_off(monkeypatch, value):
    monkeypatch.setenv("TQDM_DISABLE", value)
    assert show_progress(True, large=True) is False
    items = list(range(PROGRESS_MIN))
    assert progress_bar(items, total=len(items), desc="x", progress=True) is items


def test_a_large_input_gets_a_bar_without_the_flag(monkeypatch):
    monkeypatch.delenv("TQDM_DISABLE", raising=False)
    items = range(PROGRESS_MIN)
    bar = progress_bar(
        items,
        total=len(items),
        desc="x",
        progress=None,
    )
    assert bar is not items and bar.total == PROGRESS_MIN
    bar.close()
