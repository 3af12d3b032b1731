"""The instructor guide's misconceptions page is generated from the exercise corpus and cannot drift."""

from helpers.classroom import guide


def test_misconceptions_page_matches_the_exercise_corpus():
    assert guide.PAGE.exists(), "docs/instructor/misconceptions.md is missing: run `python -m helpers.classroom guide`"
    assert guide.PAGE.read_text(encoding="utf-8") == guide.render(), (
        "docs/instructor/misconceptions.md is out of date with tests/exercises/: "
        "run `python -m helpers.classroom guide` and commit the page")


def test_every_corpus_file_and_hint_is_in_the_page(tmp_path):
    import yaml

    page = guide.render()
    for path in sorted(guide.CORPUS.glob("lesson_*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert f"## {doc['notebook']}" in page
        for trial in doc["trials"]:
            if trial.get("kind") in guide.SHOWN and trial.get("hint"):
                assert guide._cell(trial["hint"]) in page, f"{path.name}: hint {trial['hint']!r} missing"
    (tmp_path / "lesson_99.yaml").write_text("notebook: 99_x.ipynb\ntrials:\n  - {id: '99.1', kind: mistake, "
                                             "answer: '1', verdict: not yet, hint: 'a planted hint'}\n")
    assert "a planted hint" in guide.render(tmp_path), "the generator must follow the corpus"
