"""Real-browser tests: the built decks, and JupyterLab driven in headless Chromium.

Marked ``browser``; ``make test`` runs them when Debian's Chromium is installed (after
``make slides``). Playwright drives the system Chromium; no browser is ever downloaded.
"""

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import time
import warnings
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
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
    # MathJax first inserts previews, then swaps in the typeset math: wait for the final form
    page.wait_for_function(
        "window.MathJax && MathJax.Hub && MathJax.Hub.queue.running === 0 && MathJax.Hub.queue.pending === 0"
        " && document.querySelectorAll('.MathJax_CHTML').length >= 1",
        timeout=60_000,
    )
    page.keyboard.press("ArrowRight")  # the slide with the step function's formula
    (ROOT / "build").mkdir(exist_ok=True)
    page.screenshot(path=str(ROOT / "build" / "deck_01_math.png"))
    page.close()


# -- JupyterLab, as a student uses it ------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab started by `make lab` itself, on a free localhost port, with a known token.

    Only what a test needs is added through LAB_FLAGS (no browser, a free port, root in CI,
    a token the test knows, workspaces and user settings in a temporary folder so no earlier
    session's tabs or preferences leak in). Everything else is `make lab`'s: 127.0.0.1, the
    course's JupyterLab settings (no news or update toasts), and the student's copies made
    from notebooks/student/ in a fresh my-notebooks folder, as on a student's first day.
    """
    port, token = _free_port(), secrets.token_hex(16)
    state = tmp_path_factory.mktemp("jupyterlab")
    mine = state / "my-notebooks"
    flags = [
        "--no-browser",
        "--allow-root",  # CI runs as root; the token still guards the server
        f"--ServerApp.port={port}",
        f"--IdentityProvider.token={token}",
        f"--LabApp.workspaces_dir={state / 'workspaces'}",
        f"--LabApp.user_settings_dir={state / 'settings'}",
    ]
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    proc = subprocess.Popen(
        [
            "make",
            "--no-print-directory",
            "-C",
            str(ROOT),
            "lab",
            f"MY_NOTEBOOKS={mine}",
            f"LAB_FLAGS={' '.join(flags)}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,  # make's child (jupyter) is stopped with it, as one group
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("make lab's JupyterLab did not start in 90 s") from None
                time.sleep(0.5)
        yield f"http://127.0.0.1:{port}", token
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def _start_run_all(page):
    page.click("jp-button[data-command='notebook:restart-run-all']")
    page.click(".jp-Dialog-button.jp-mod-accept")
    # The run has started once cells are queued ([*]); the saved counts would otherwise
    # look like a finished run.
    with contextlib.suppress(sync_api.TimeoutError):  # a run can outpace the first look
        page.wait_for_function(
            "[...document.querySelectorAll('.jp-InputArea-prompt')].some(p => p.textContent.includes('*'))",
            timeout=15_000,
        )


def _wait_run_all(page, timeout_ms):
    # Finished (widgets are complete only after the last cell): no cell is queued or
    # running, and the kernel is idle again.
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
            const indicator = document.querySelector('.jp-Notebook-ExecutionIndicator');
            return prompts.length > 0
                && !prompts.some(p => p.textContent.includes('*'))
                && indicator && indicator.dataset.status === 'idle';
        }""",
        timeout=timeout_ms,
    )


def _run_all(page, timeout_ms):
    _start_run_all(page)
    _wait_run_all(page, timeout_ms)


def _open(browser, lab, notebook):
    base, token = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    outside = []
    local = (base, base.replace("http", "ws"), "data:", "blob:")
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(local) else None)
    # one workspace per notebook, so tabs left open by an earlier test do not come back
    workspace = Path(notebook).stem
    page.goto(f"{base}/lab/workspaces/{workspace}/tree/{notebook}?token={token}")
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
    _wait_for_kernel_idle(lab, notebook)
    return page, outside


def _wait_for_kernel_idle(lab, notebook, seconds=90):
    """Wait until the server says the notebook's kernel has started and is idle.

    The cause of the run-all stalls (06 once on CI, 09 and 02 here under load): the page
    can look idle before its kernel has started, and "Restart and run all" sent to a kernel
    still starting left every cell queued ([*]) with the kernel "starting" for good. Asking
    the server first makes the click wait for a kernel that can restart.
    """
    import json
    import urllib.request

    base, token = lab
    request = urllib.request.Request(
        f"{base}/api/sessions", headers={"Authorization": f"token {token}"}
    )
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with urllib.request.urlopen(request, timeout=10) as answer:
            states = [
                s["kernel"]["execution_state"]
                for s in json.load(answer)
                if s["path"].endswith(notebook) and s.get("kernel")
            ]
        if states and all(state == "idle" for state in states):
            return
        time.sleep(0.5)
    raise AssertionError(f"{notebook}: its kernel did not start within {seconds} s")


def _finish_run_all(page, notebook):
    workspace = Path(notebook).stem
    try:
        _wait_run_all(page, timeout_ms=90_000)  # these notebooks run in seconds
    except sync_api.TimeoutError:
        # Seen once in many CI runs: a run-all that never finished. Keep the evidence (a
        # screenshot and the cells still queued), say so, and try once more: these tests
        # are about the widgets after a complete run, not about that stall.
        stuck = page.evaluate(
            """[...document.querySelectorAll('.jp-CodeCell')]
                 .map((c, i) => [i, c.querySelector('.jp-InputArea-prompt')?.textContent || ''])
                 .filter(([, prompt]) => prompt.includes('*'))
                 .map(([i]) => i)"""
        )
        status = page.evaluate(
            "document.querySelector('.jp-Notebook-ExecutionIndicator')?.dataset.status"
        )
        shot = ROOT / "build" / f"stalled_{workspace}.png"
        page.screenshot(path=str(shot), full_page=True)
        warnings.warn(
            f"{notebook}: run-all unfinished after 90 s (code cells still queued: {stuck}, "
            f"kernel {status}); screenshot {shot.relative_to(ROOT)}; running it again",
            stacklevel=2,
        )
        _run_all(page, timeout_ms=180_000)


def _open_and_run_all(browser, lab, notebook):
    page, outside = _open(browser, lab, notebook)
    _start_run_all(page)
    _finish_run_all(page, notebook)
    return page, outside


def _shut_down_kernels(lab):
    """Stop every kernel the server runs: a closed tab leaves its kernel running."""
    import json
    import urllib.request

    base, token = lab
    headers = {"Authorization": f"token {token}"}
    request = urllib.request.Request(f"{base}/api/sessions", headers=headers)
    with urllib.request.urlopen(request, timeout=10) as answer:
        sessions = json.load(answer)
    for session in sessions:
        urllib.request.urlopen(
            urllib.request.Request(
                f"{base}/api/sessions/{session['id']}", method="DELETE", headers=headers
            ),
            timeout=30,
        ).close()


def test_lab_needs_the_token(lab):
    base, _ = lab
    import urllib.error
    import urllib.request

    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{base}/api/contents", timeout=10)
    assert refused.value.code == 403


def vote_is(letter, page, timeout=30_000):
    """Wait until the pad's vote line (an HTML widget: "vote  X 0.95 · O 0.94  →  X") ends in letter."""
    page.wait_for_function(
        """letter => [...document.querySelectorAll('.widget-html')]
               .map(e => e.textContent.replace(/ /g, ''))
               .some(t => t.startsWith('vote') && t.endsWith('→' + letter))""",
        arg=letter,
        timeout=timeout,
    )


def test_drawing_pad_votes_as_cells_are_clicked(browser, lab):
    page, outside = _open_and_run_all(browser, lab, "07_pooling_relu_xo.ipynb")
    vote_is("X", page, timeout=120_000)  # the pad starts on the slides' X
    page.locator(".widget-button", has_text="O").first.click()
    vote_is("O", page)
    pad = page.locator(".widget-gridbox").first
    pad.scroll_into_view_if_needed()
    for r in range(2, 7):  # five clicks along the diagonal turn the O into an X
        pad.locator(f"button[title='row {r}, column {r}']").click()
    vote_is("X", page)
    page.screenshot(path=str(ROOT / "build" / "jupyterlab_07_drawing_pad.png"))
    assert outside == [], f"requests left the machine: {outside}"
    page.close()
    _shut_down_kernels(lab)


def test_kernel_explorer_redraws_when_the_kernel_changes(browser, lab):
    page, outside = _open_and_run_all(browser, lab, "06_convolution.ipynb")
    explorer = page.locator(".widget-interact").first
    explorer.wait_for(timeout=120_000)
    image = explorer.locator("img").first
    image.wait_for(timeout=60_000)
    explorer.scroll_into_view_if_needed()
    before = image.get_attribute("src")
    select = explorer.locator("select").first
    current = select.evaluate("s => s.selectedIndex")
    select.select_option(index=0 if current else 1)  # what a student does with the dropdown
    page.wait_for_function(
        "before => { const img = document.querySelector('.widget-interact img');"
        " return img && img.getAttribute('src') !== before; }",
        arg=before,
        timeout=30_000,
    )
    page.screenshot(path=str(ROOT / "build" / "jupyterlab_06_kernel_explorer.png"))
    assert outside == [], f"requests left the machine: {outside}"
    page.close()
    _shut_down_kernels(lab)


STUDENT_NOTEBOOKS = sorted((ROOT / "notebooks" / "student").glob("[0-9][0-9]_*.ipynb"))


def _saved_figures(path: Path) -> int:
    import json

    cells = json.loads(path.read_text())["cells"]
    return sum("image/png" in o.get("data", {}) for c in cells for o in c.get("outputs", []))


SHOWN = """() => {
    const outputs = [...document.querySelectorAll('.jp-OutputArea-output')];
    const text = outputs.map(o => o.textContent.trim());
    return {
      stderr: outputs.filter(o => o.dataset.mimeType === 'application/vnd.jupyter.stderr')
                     .map(o => o.textContent.slice(0, 300)),
      widgetsAsText: text.filter(t => /^(interactive|[HV]Box|Output)\\(|Error displaying widget/.test(t)),
      images: document.querySelectorAll('.jp-OutputArea-output img').length,
      toasts: document.querySelectorAll('.Toastify__toast').length,
    };
}"""
AT_ONCE = 2  # two notebooks run side by side, one kernel per core


@pytest.fixture(scope="module")
def student_runs(browser, lab):
    """Each student notebook after Restart and run all: what its outputs show."""
    runs = {}
    for start in range(0, len(STUDENT_NOTEBOOKS), AT_ONCE):
        batch = [p.name for p in STUDENT_NOTEBOOKS[start : start + AT_ONCE]]
        pages = {name: _open(browser, lab, name) for name in batch}
        for page, _ in pages.values():
            _start_run_all(page)
        for name, (page, outside) in pages.items():
            _finish_run_all(page, name)
            runs[name] = dict(page.evaluate(SHOWN), outside=list(outside))
            page.close()
        _shut_down_kernels(lab)
    return runs


@pytest.mark.parametrize("path", STUDENT_NOTEBOOKS, ids=lambda p: p.name)
def test_the_students_notebook_runs_all_in_make_labs_jupyterlab(student_runs, path):
    # What a student does first: open their copy, Restart and run all, read the results.
    shown = student_runs[path.name]
    assert shown["stderr"] == [], f"{path.name}: a student would read these as failures"
    assert shown["widgetsAsText"] == [], f"{path.name}: widgets shown as text"
    assert shown["images"] >= _saved_figures(path), f"{path.name}: figures missing"
    assert shown["toasts"] == 0, f"{path.name}: a notification covers the notebook"
    assert shown["outside"] == [], f"requests left the machine: {shown['outside']}"


def test_make_labs_server_listens_on_localhost_only(lab):
    base, _ = lab
    port = int(base.rsplit(":", 1)[1])
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                listening.append(address)
    if not listening:
        pytest.skip("no /proc/net/tcp to read listening sockets from")
    loopback = {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1, ::1
    assert set(listening) <= loopback, f"listening on {listening}, not only on 127.0.0.1"
