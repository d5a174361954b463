"""Hypothesis strategies shared by the test groups (nn/, lessons/, ...).

Import it as ``from strategies import ...``: pytest puts tests/ on sys.path (tests/
holds the root conftest.py and no __init__.py; each group is a package below it).
"""

from hypothesis import strategies as st

PADDINGS = st.sampled_from(["valid", "same"])


def integers_in(**ranges: tuple[int, int]) -> dict[str, st.SearchStrategy[int]]:
    """``integers_in(h=(3, 9), seed=(0, 99))`` is
    ``{"h": st.integers(3, 9), "seed": ...}``: one integer per name, drawn from lo to hi
    inclusive, to unpack into ``@given(**...)``."""
    return {name: st.integers(lo, hi) for name, (lo, hi) in ranges.items()}


def window_fits(h: int, w: int, kh: int, kw: int, padding: str) -> bool:
    """Whether a kh × kw window fits an h × w image: always under "same" padding (it
    pads), under "valid" only when the image is at least as large as the window both
    ways."""
    return padding == "same" or (h >= kh and w >= kw)
