"""A student answers a *read the map* exercise with its form, in JupyterLab in headless Chromium.

The student edition of lesson 03 (solutions removed, ``helpers.classroom.student_notebook``) is
written to build/browser-exercises/ (git-ignored, removed afterwards) and opened in one JupyterLab
server whose kernels run as a student's do (strict mode off). Run All must reach the end with every
check saying "not answered yet"; then exercise 1 is answered in its form without code: first a
wrong reading (the separation at take-off), which must say "not yet" with its hint, then the
reading the explorer shows at the asked time, which must say "correct".
"""

import os
import pathlib
import shutil

import labdriver as lab
import nbformat
import pytest

pytestmark = pytest.mark.browser

REPO = pathlib.Path(__file__).resolve().parents[2]
OUT = REPO / "build" / "browser-exercises"
LESSON = "03_baltic_2019.ipynb"


@pytest.fixture(scope="module")
def student_lab(_browser_available, cdn_assets):
    from helpers import classroom

    OUT.mkdir(parents=True, exist_ok=True)
    nb = classroom.student_notebook(nbformat.read(REPO / "notebooks" / LESSON, as_version=4), out_dir=OUT)
    nbformat.write(nb, OUT / LESSON)
    saved = os.environ.get("AIR_ENCOUNTERS_STRICT")
    os.environ["AIR_ENCOUNTERS_STRICT"] = "0"  # the server's kernels check as a student's do
    server = lab.JupyterLab(REPO, extra_pythonpath=[REPO])
    try:
        server.start()
    finally:
        if saved is None:
            os.environ.pop("AIR_ENCOUNTERS_STRICT", None)
        else:
            os.environ["AIR_ENCOUNTERS_STRICT"] = saved
    yield server
    server.stop()
    shutil.rmtree(OUT, ignore_errors=True)


def _readings():
    """What the explorer's readout shows at the asked time, and at take-off (a wrong answer), in nmi."""
    import pandas as pd

    from helpers.exercises import lesson_03 as ex

    asked = ex._on_slider(ex._takeoff() + pd.Timedelta(minutes=ex.MINUTES_AFTER_TAKEOFF))
    return f"{ex._separation_at(asked):.1f}", f"{ex._separation_at(ex._takeoff()):.1f}"


def _answer(page, form, value):
    box = form.locator("input[type=text]").first
    box.fill(value)
    box.press("Enter")
    form.get_by_role("button", name="Check").click()


def test_read_the_map_exercise_answered_with_its_form(open_session, cdn_assets, student_lab):
    session = open_session(cdn_assets, viewport=(1400, 1000))
    page = session.page
    lab.open_notebook(page, student_lab, f"build/browser-exercises/{LESSON}")
    lab.run_all_cells(page)
    assert not any("*" in p for p in lab.prompts(page)), "Run All did not reach the end"
    errors = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]')
    assert errors.count() == 0, f"a cell failed in the student edition: {errors.first.inner_text()[:500]}"
    verdicts = page.locator(".air-exercise-verdict")
    assert verdicts.count() == 4, f"expected one report per exercise, found {verdicts.count()}"
    assert all("Not answered yet" in t for t in verdicts.all_inner_texts())
    right, wrong = _readings()
    form = page.locator(".jupyter-widgets.widget-vbox", has_text="track begins").first
    form.scroll_into_view_if_needed()
    _answer(page, form, wrong)
    report = form.locator(".air-exercise-verdict")
    report.wait_for(timeout=30000)
    text = report.inner_text()
    assert "Not yet" in text and "at take-off" in text, f"a wrong reading got: {text}"
    assert right not in text, "the report shows the answer"
    _answer(page, form, right)
    page.wait_for_function("""(el) => el.innerText.includes('Correct')""",
                           arg=form.locator(".widget-output").element_handle(), timeout=30000)
    assert "Correct" in form.locator(".air-exercise-verdict").inner_text()
    shot = os.environ.get("AIR_ENCOUNTERS_SCREENSHOT")  # a path: keep a picture of the answered form
    if shot:
        form.screenshot(path=shot)
