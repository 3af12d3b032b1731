"""Every *read the map* exercise answered with its form alone, in JupyterLab in headless Chromium.

The student edition (``helpers.classroom.edition.build``: solutions removed, links rewritten) is
written to build/browser-exercises/ (git-ignored, removed afterwards) and served by ONE JupyterLab
server whose kernels run as a student's do (strict mode off). For each lesson: open it, Run All
once (no cell may fail, every check says "not answered yet"), then, for each exercise whose
heading says *read the map*, without typing any code:

- give the wrong answer of its corpus trial marked ``via: widget`` (tests/exercises/lesson_NN.yaml)
  by clicking a choice, picking from the list or typing in the box, press **Check**: the form
  must say "Not yet" with that trial's hint phrase and must not show the expected value;
- give the right answer, computed here from ``helpers.exercises`` (never typed into this file),
  press **Check**: the form must say "Correct";
- run the progress cell again (Ctrl+Enter, no typing): it must count the exercise as correct.
"""

import ast
import os
import pathlib
import re
import shutil

import labdriver as lab
import nbformat
import pytest
import yaml

pytestmark = pytest.mark.browser

REPO = pathlib.Path(__file__).resolve().parents[2]
OUT = REPO / "build" / "browser-exercises"
CORPUS = REPO / "tests" / "exercises"
READ_THE_MAP = re.compile(r"^###\s+Exercise\s+(\d+)\s+\(\*read the map\*", re.MULTILINE)


def _read_the_map():
    """``{lesson file name: [exercise ids]}`` of the *read the map* exercises, from the headings."""
    found = {}
    for path in sorted((REPO / "notebooks").glob("[0-9]*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        ids = [f"{path.name[:2]}.{k}" for c in nb.cells if c.cell_type == "markdown"
               for k in READ_THE_MAP.findall(c.source)]
        if ids:
            found[path.name] = ids
    return found


LESSONS = _read_the_map()

# The wrong answer given through the form: the hint phrase that picks its trial in the corpus and,
# where the trial's answer is an expression of the lesson's kernel rather than a literal, the same
# value computed here from the exercise's expected values (``e``) and the exercise (``ex``).
WRONG = {
    "00.1": ("all incidents", lambda e, ex: {"answer": str(int(e["_all"]))}),
    "01.1": ("curved there is the shorter", None),
    "02.1": ("farther out", lambda e, ex: {"answer": next(o for o in ex.parts["answer"].options()
                                                          if o != e["answer"])}),
    "03.1": ("one minute off", lambda e, ex: {"answer": f"{e['_minute_off'][0]:.1f}"}),
    "04.1": ("unsafe", None),
    "05.1": ("in kilometres", None),
    "06.1": ("bows towards the pole", None),
    "07.1": ("well outside", None),
    "08.1": ("first delay at which the verdict says too late", lambda e, ex: {"answer": str(int(e["answer"]) + 1)}),
    "09.1": ("named after the calendar year", lambda e, ex: {"answer": str(int(e["answer"]) + 1)}),
    "10.1": ("still holds the template's placeholder text", lambda e, ex: {"answer": _lesson_10().template()}),
}


def _lesson_10():
    from helpers.exercises import lesson_10

    return lesson_10


def _expected(exercise_id):
    from helpers.exercises import core

    exercise = core.get(exercise_id)
    expected, _cases = core._expected(exercise, exercise.givens)
    return exercise, expected


def _wrong(exercise_id):
    """``(hint phrase, {part: what the form is given})`` of the corpus's wrong answer through the form."""
    phrase, compute = WRONG[exercise_id]
    spec = yaml.safe_load((CORPUS / f"lesson_{exercise_id[:2]}.yaml").read_text(encoding="utf-8"))
    trials = [t for t in spec["trials"] if t["id"] == exercise_id and t.get("via") == "widget"
              and t["kind"] == "mistake" and phrase.lower() in t.get("hint", "").lower()]
    assert trials, f"{exercise_id}: no corpus trial `via: widget` with the hint {phrase!r} in lesson_{exercise_id[:2]}.yaml"
    trial = trials[0]
    if compute is not None:
        exercise, expected = _expected(exercise_id)
        return trial["hint"], compute(expected, exercise)
    return trial["hint"], {name: ast.literal_eval(text) for name, text in
                           {"answer": trial["answer"], **(trial.get("parts") or {})}.items()}


def _number_text(value):
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:.1f}"


def _right(exercise_id):
    """``{part: what the form is given}`` for the right answer, from the exercise's expected values."""
    from helpers.exercises.answers import Boolean, Number

    exercise, expected = _expected(exercise_id)
    if exercise_id == "10.1":  # an assessment: the six sections, a party named, a source cited
        needs, brief = expected["answer"], _lesson_10()
        filler = "A paragraph in the analyst's own words, long enough for a decision-maker to read in a minute."
        body = {name: filler for name in brief.SECTIONS}
        body["What each party claims"] = f"{needs['parties'][0]} claims one thing, and the others say otherwise. {filler}"
        source = needs["sources"][0]
        body["Sources"] = f"{source['publisher']}, {source['url']}"
        return {"answer": "\n\n".join(f"## {name}\n\n{text}" for name, text in body.items())}
    right = {}
    for name, kind in exercise.parts.items():
        value = expected[name]
        if isinstance(kind, Boolean):
            right[name] = bool(value)
        elif isinstance(kind, Number):
            right[name] = _number_text(value)
        else:
            right[name] = str(value)
    return right


@pytest.fixture(scope="module")
def student_lab(_browser_available, cdn_assets):
    from helpers.classroom import edition

    shutil.rmtree(OUT, ignore_errors=True)
    edition.build(OUT, progress=lambda message: None)
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


@pytest.fixture(scope="module")
def lab_page(request, chromium, cdn_assets, student_lab):
    """ONE browser page for every lesson of this module: JupyterLab loads once, lessons open in it."""
    here = pathlib.Path(__file__).resolve().parent / "conftest.py"
    fixtures = next(p for p in request.config.pluginmanager.get_plugins()
                    if getattr(p, "__file__", None) and pathlib.Path(p.__file__).resolve() == here)
    session = fixtures.BrowserSession(chromium, cdn_assets, viewport=(1400, 1000))
    session.opened = False
    yield session
    session.close()


def _open(session, server, relpath):
    """Open a lesson in the page's JupyterLab (File > Open from Path, no reload), the previous one closed."""
    page = session.page
    if not session.opened:
        lab.open_notebook(page, server, relpath)
        session.opened = True
        return page
    page.get_by_role("menuitem", name="File", exact=True).click()
    page.get_by_role("menuitem", name="Close All Tabs", exact=True).click()
    discard = page.locator(".jp-Dialog").get_by_role("button", name="Discard")
    discard.click()  # the lesson was run, so it has unsaved outputs (autosave is off): never saved
    page.locator(".jp-Notebook").wait_for(state="detached")
    server.delete_sessions()  # one kernel at a time on this small machine
    page.get_by_role("menuitem", name="File", exact=True).click()
    page.get_by_role("menuitem", name="Open from Path…", exact=True).click()
    dialog = page.locator(".jp-Dialog")
    dialog.locator("input").fill(relpath)
    dialog.get_by_role("button", name="Open", exact=True).click()
    page.wait_for_selector(".jp-Notebook .jp-Cell", state="attached", timeout=60000)
    lab.wait_kernel_idle(page, 60)
    return page


def _form(page, exercise_id):
    """The answer form of ``exercise_id``: the box around its Check button."""
    button = page.locator(f'button[title="Check exercise {exercise_id}"]')
    assert button.count() == 1, (f"exercise {exercise_id} (*read the map*) has {button.count()} answer forms in the "
                                 f"student edition; its 'Your turn' part needs `exercises.widget(\"{exercise_id}\")`")
    form = page.locator(".jupyter-widgets.widget-vbox", has=button).last
    form.scroll_into_view_if_needed()
    return form


def _fill(form, exercise, values):
    """Set each part's field as a student does: click a choice, pick from a list, type in a box."""
    rows = form.locator(":scope > .widget-vbox")
    names = list(exercise.parts)
    assert rows.count() == len(names), f"{exercise.id}: {rows.count()} fields in the form for the parts {names}"
    for index, name in enumerate(names):
        row, value = rows.nth(index), values[name]
        if row.locator("select").count():
            row.locator("select").select_option(label=str(value))
        elif row.locator("input[type=radio]").count():
            label = {True: "yes (True)", False: "no (False)"}.get(value, value) if isinstance(value, bool) else value
            row.get_by_role("radio", name=str(label), exact=True).check()
        elif row.locator("textarea").count():
            row.locator("textarea").fill(str(value))
        else:
            box = row.locator("input[type=text]")
            box.fill(str(value))
            box.press("Enter")


def _check(page, form):
    """Press Check; return the text of the new verdict shown under the button."""
    output = form.locator(":scope > .widget-output").element_handle()
    old = form.locator(".air-exercise-verdict").element_handles()
    form.get_by_role("button", name="Check").click()
    page.wait_for_function("([out, old]) => { const v = out.querySelector('.air-exercise-verdict');"
                           " return v !== null && !old.includes(v); }", arg=[output, old], timeout=60000)
    return form.locator(".air-exercise-verdict").inner_text()


def _rerun_progress(page, lesson, exercise_ids):
    """Run the progress cell again (click it, Ctrl+Enter); return its text once it counts ``exercise_ids``."""
    cell = page.locator(lab.CODE_CELL, has_text=f'exercises.progress("{lesson}")').last
    cell.scroll_into_view_if_needed()
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Control+Enter")
    page.wait_for_function(
        """([cell, ids]) => { const rows = [...cell.querySelectorAll('.air-exercise-progress tr')];
             return ids.every(id => rows.some(r => r.cells[0] && r.cells[0].innerText.trim() === id
                                                  && r.innerText.includes('Correct'))); }""",
        arg=[cell.element_handle(), exercise_ids], timeout=60000)
    return cell.locator(".air-exercise-progress").inner_text()


@pytest.mark.parametrize("lesson", sorted(LESSONS), ids=lambda name: name[:2])
def test_read_the_map_exercises_answered_with_their_forms(lab_page, student_lab, lesson):
    from helpers.exercises import core
    from helpers.exercises.answers import Number

    page = _open(lab_page, student_lab, f"{OUT.relative_to(REPO).as_posix()}/{lesson}")
    lab.run_all_cells(page)
    assert not any("*" in p for p in lab.prompts(page)), f"{lesson}: Run All did not reach the end"
    errors = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]')
    assert errors.count() == 0, f"{lesson}: a cell failed in the student edition: {errors.first.inner_text()[:500]}"
    checks = sum("exercises.check(" in c.source for c in nbformat.read(OUT / lesson, as_version=4).cells
                 if c.cell_type == "code")
    verdicts = page.locator(".jp-Cell .jp-OutputArea-output .air-exercise-verdict").all_inner_texts()
    assert len(verdicts) == checks and all("Not answered yet" in t for t in verdicts), (
        f"{lesson}: after Run All, the {checks} checks should each say 'not answered yet': {verdicts}")
    answered = []
    for exercise_id in LESSONS[lesson]:
        exercise = core.get(exercise_id)
        form = _form(page, exercise_id)
        hint, wrong = _wrong(exercise_id)
        right = _right(exercise_id)
        _fill(form, exercise, wrong)
        text = _check(page, form)
        assert text.startswith("\u2717 Not yet") and hint.lower() in text.lower(), (
            f"{exercise_id}: the wrong answer {wrong} should say 'Not yet' with {hint!r}; it says: {text}")
        for name, kind in exercise.parts.items():
            value = right[name]
            if isinstance(kind, Number) and value != wrong.get(name) and len(value) >= 3:
                assert not re.search(r"(?<![\d.])" + re.escape(value) + r"(?!\d)", text), (
                    f"{exercise_id}: the report shows the answer {value}: {text}")
        _fill(form, exercise, right)
        text = _check(page, form)
        assert text.startswith("\u2714 Correct"), (
            f"{exercise_id}: the right answer {right} should say 'Correct'; it says: {text}")
        answered.append(exercise_id)
    progress = _rerun_progress(page, lesson[:2], answered)
    assert f"{len(answered)} of" in progress, f"{lesson}: the progress should count {answered} as correct: {progress}"


def test_a_docs_link_of_the_student_edition_opens_in_jupyterlab(lab_page, student_lab):
    """Clicking lesson 00's link to the glossary (rewritten to ../../docs/glossary.md) opens the kit's file."""
    page = _open(lab_page, student_lab, f"{OUT.relative_to(REPO).as_posix()}/00_start_here.ipynb")
    link = page.locator(".jp-MarkdownOutput a", has_text=re.compile("glossary", re.IGNORECASE)).first
    link.scroll_into_view_if_needed()
    link.click()
    tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text="glossary.md")
    tab.wait_for(timeout=30000)
    page.wait_for_url(re.compile(r"/lab/tree/docs/glossary\.md(\?|$)"), timeout=30000)  # the kit's own file
    first_line = (REPO / "docs" / "glossary.md").read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
    page.locator(".lm-DockPanel-widget:visible", has_text=first_line).first.wait_for(timeout=30000)
