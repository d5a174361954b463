"""Real-browser tests: the built decks, and JupyterLab driven in headless Chromium.

Marked ``browser``; ``make test`` runs them when Debian's Chromium is installed (after
``make slides``). Playwright drives the system Chromium; no browser is ever downloaded.
"""

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SLIDES = ROOT / "build" / "slides"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Flags from the machine notes: headless, no sandbox as root, and no background traffic.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

if not Path(CHROMIUM).exists():
    pytest.skip(f"no Chromium at {CHROMIUM}", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def decks():
    return sorted(SLIDES.glob("*.slides.html"))


def test_every_notebook_has_a_deck():
    notebooks = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert [d.name.removesuffix(".slides.html") for d in decks()] == notebooks, "run `make slides`"


@pytest.mark.parametrize("deck", decks(), ids=lambda d: d.name)
def test_deck_shows_slides_offline(browser, deck):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    outside = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(("file:", "data:")) else None,
    )
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(deck.as_uri())
    page.wait_for_selector(".reveal.ready", timeout=30_000)
    # MathJax typesets every page's math before its queue empties
    page.wait_for_function(
        "window.MathJax && MathJax.Hub && MathJax.Hub.queue.running === 0", timeout=30_000
    )
    slides = page.evaluate("document.querySelectorAll('.reveal .slides > section').length")
    assert slides >= 5
    assert outside == [], f"requests left the machine: {outside}"
    assert errors == []
    page.close()


def test_deck_renders_math(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto((SLIDES / "01_perceptron.slides.html").as_uri())
    page.wait_for_selector(".reveal.ready", timeout=30_000)
    page.wait_for_selector(".MathJax_CHTML", timeout=30_000)
    page.keyboard.press("ArrowRight")  # the slide with the step function's formula
    (ROOT / "build").mkdir(exist_ok=True)
    page.screenshot(path=str(ROOT / "build" / "deck_01_math.png"))
    assert page.evaluate("document.querySelectorAll('.MathJax_CHTML').length") >= 1
    page.close()
