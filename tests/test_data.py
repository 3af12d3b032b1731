"""Tests of ``helpers.data``: the loaders against the real ``data/`` folder, and against the small
fixture folder ``tests/fixtures/valid_data`` (and a broken copy of it) where exact values matter.

``helpers.data`` caches what it loads (``functools.lru_cache``) and fixes ``DATA_DIR`` at import,
so tests that point it elsewhere either run in a subprocess or patch ``DATA_DIR`` and clear the caches.
"""

import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from helpers import data

REPO = pathlib.Path(__file__).resolve().parent.parent
VALID = REPO / "tests" / "fixtures" / "valid_data"
BROKEN = REPO / "tests" / "broken_data"
URL = re.compile(r"^https?://\S+$")
def _clear_caches():
    data.clear_caches()


@pytest.fixture
def real_data(monkeypatch):
    """The loaders reading the repository's data/ folder, whatever AIR_ENCOUNTERS_DATA says."""
    monkeypatch.setattr(data, "DATA_DIR", REPO / "data")
    _clear_caches()
    yield data
    _clear_caches()


@pytest.fixture
def fixture_data(monkeypatch):
    """The loaders reading tests/fixtures/valid_data."""
    monkeypatch.setattr(data, "DATA_DIR", VALID)
    _clear_caches()
    yield data
    _clear_caches()


def _run(code, cwd, env_extra=None):
    """Run Python ``code`` in a fresh interpreter in ``cwd``, with the repository importable."""
    env = {k: val for k, val in os.environ.items() if k != "AIR_ENCOUNTERS_DATA"}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=60)


def _ids(cell):
    return [s.strip() for s in str(cell).split(";") if s.strip()]


# --- incidents


def test_incidents_sorted_by_date(real_data):
    frame = real_data.incidents()
    assert len(frame) > 0
    assert pd.api.types.is_datetime64_any_dtype(frame["date_start"])
    assert frame["date_start"].notna().all()
    assert frame["date_start"].is_monotonic_increasing
    assert frame["id"].is_unique
    assert list(frame.index) == list(range(len(frame)))
    ended = frame[frame["date_end"].notna()]
    assert (ended["date_end"] >= ended["date_start"]).all()


def test_incident_hainan(real_data):
    row = real_data.incident("hainan-2001-04-01")
    assert row["id"] == "hainan-2001-04-01"
    assert "Hainan" in row["title"]
    assert row["date_start"] == pd.Timestamp("2001-04-01")
    assert row["date_end"] == pd.Timestamp("2001-04-12")
    assert row["region"] == "south_china_sea"
    assert set(_ids(row["parties"])) >= {"United States", "China"}
    assert set(_ids(row["aircraft"])) >= {"EP-3E", "J-8II"}
    assert 15 <= row["lat"] <= 22 and 108 <= row["lon"] <= 116  # off Hainan, in the South China Sea
    assert isinstance(row["lat"], float)
    assert _ids(row["source_ids"])


def test_unknown_incident_suggests_close_ids(real_data):
    with pytest.raises(KeyError, match=r"Did you mean 'hainan-2001-04-01'"):
        real_data.incident("hainan-2001-04-02")
    with pytest.raises(KeyError, match="no incident"):
        real_data.claims("no-such-incident-1999")


# --- claims


def test_black_sea_2018_navy_separation_is_5_ft(real_data):
    """Data regression check: the U.S. Navy said the Su-27 closed to within five feet of the EP-3."""
    frame = real_data.claims("black-sea-2018-01-29")
    assert (frame["incident_id"] == "black-sea-2018-01-29").all()
    navy = frame[(frame["party"] == "U.S. Navy") & (frame["kind"] == "separation")]
    assert not navy.empty, "no U.S. Navy separation claim for black-sea-2018-01-29"
    for _, claim in navy.iterrows():
        assert claim["value_number"] == 5
        assert claim["value"] == "5"
        assert claim["unit"] == "ft"
        assert "five feet" in claim["quote"]


def test_claims_value_number(real_data):
    frame = real_data.claims()
    expected = pd.to_numeric(frame["value"], errors="coerce")
    pd.testing.assert_series_equal(frame["value_number"], expected, check_names=False)
    assert frame["value_number"].notna().any()
    assert frame.loc[frame["unit"] == "text", "value_number"].isna().all()


# --- every fact has a source with a web address


def _source_refs(d):
    """(table, row number, [source ids]) for every row of every sourced table."""
    refs = []
    tables = [("incidents.csv", d.incidents(), "source_ids"), ("aircraft.csv", d.aircraft(), "source_ids"),
              ("bases.csv", d.bases(), "source_ids"), ("claims.csv", d.claims(), "source_id"),
              ("law.csv", d.law(), "source_id")]
    for name, frame, col in tables:
        refs += [(name, i, _ids(cell)) for i, cell in enumerate(frame[col], start=1)]
    for path in sorted((d.DATA_DIR / "trends").glob("*.csv")):
        frame = d.trend(path.stem)
        refs += [(f"trends/{path.name}", i, _ids("" if pd.isna(cell) else cell))
                 for i, cell in enumerate(frame["source_id"], start=1)]
    for name in d.zone_names():
        refs.append((f"zones/{name}.geojson", 1, _ids(d.zone_properties(name).get("source_ids", ""))))
    return refs


def test_every_row_has_a_resolvable_source_with_url(real_data):
    sources = real_data.sources().set_index("id")
    assert sources.index.is_unique
    refs = _source_refs(real_data)
    tables = {r[0] for r in refs}
    assert {"incidents.csv", "aircraft.csv", "bases.csv", "claims.csv", "law.csv"} <= tables
    bad = []
    for table, row, ids in refs:
        if not ids:
            bad.append(f"{table} row {row}: no source id")
        for s in ids:
            if s not in sources.index:
                bad.append(f"{table} row {row}: source {s!r} is not in sources.csv")
            elif not URL.match(sources.loc[s, "url"].strip()):
                bad.append(f"{table} row {row}: source {s!r} has no http(s) URL ({sources.loc[s, 'url']!r})")
    assert not bad, "\n".join(bad)


def test_trend_source_id_may_list_several(fixture_data):
    frame = fixture_data.trend("test_intercepts")
    assert _ids(frame["source_id"].iloc[1]) == ["test-fixture-release", "test-fixture-news"]
    refs = _source_refs(fixture_data)
    assert ("trends/test_intercepts.csv", 2, ["test-fixture-release", "test-fixture-news"]) in refs


# --- citations


def test_cite_formats_publisher_title_date_url_accessed(fixture_data):
    assert fixture_data.cite("test-fixture-release") == (
        'Test Fixture Press. "TEST FIXTURE: Command statement on the Testsea intercept." 2020-01-03. '
        "https://example.org/test-fixture/release (accessed 2024-05-01)")
    # no date: the date is left out, not printed as an empty field
    assert fixture_data.cite("test-fixture-treaty") == (
        'Test Fixture Press. "TEST FIXTURE: Convention on Imaginary Airspace." '
        "https://example.org/test-fixture/treaty (accessed 2024-05-01)")
    with pytest.raises(KeyError, match="Did you mean 'test-fixture-news'"):
        fixture_data.cite("test-fixture-newz")


def test_cite_on_real_data(real_data):
    src = real_data.sources().iloc[0]
    text = real_data.cite(src["id"])
    assert text.startswith(f'{src["publisher"]}. "{src["title"]}."')
    assert text.endswith(f'{src["url"]} (accessed {src["accessed"]})')


def test_sources_markdown_numbers_each_source_once(fixture_data):
    md = fixture_data.sources_markdown(["test-fixture-news", "test-fixture-release", "test-fixture-news"])
    lines = md.splitlines()
    assert lines == [f"1. {fixture_data.cite_markdown('test-fixture-news')}",
                     f"2. {fixture_data.cite_markdown('test-fixture-release')}"]
    # escaped text, and the address as a link (it passes page.is_safe_url)
    assert "[https://example.org/test-fixture/release](https://example.org/test-fixture/release)" in md
    assert fixture_data.sources_markdown([]) == ""


def test_sources_of_incident(fixture_data):
    assert fixture_data.sources_of("testsea-2020-01-02") == ["test-fixture-release", "test-fixture-news"]


def test_a_claim_with_several_outlets_is_cited_outlet_by_outlet(fixture_data):
    # one statement carried by two outlets: source_id "a;b" (the order says which is closest to the party)
    cell = "test-fixture-release;test-fixture-news"
    assert fixture_data.source_ids(cell) == ["test-fixture-release", "test-fixture-news"]
    assert fixture_data.source_ids("test-fixture-news") == ["test-fixture-news"]
    assert fixture_data.cite(cell) == (fixture_data.cite("test-fixture-release") + " | "
                                       + fixture_data.cite("test-fixture-news"))
    assert fixture_data.cite_markdown(cell) == (fixture_data.cite_markdown("test-fixture-release") + " | "
                                                + fixture_data.cite_markdown("test-fixture-news"))
    md = fixture_data.sources_markdown([cell, "test-fixture-news"]).splitlines()
    assert md == [f"1. {fixture_data.cite_markdown('test-fixture-release')}",
                  f"2. {fixture_data.cite_markdown('test-fixture-news')}"]
    with pytest.raises(KeyError, match="Did you mean 'test-fixture-news'"):
        fixture_data.cite("test-fixture-release;test-fixture-newz")


def test_with_sources_gives_each_claims_publishers_and_kinds_in_order(fixture_data):
    claims = fixture_data.claims("testsea-2020-01-02").head(2).copy()
    claims["source_id"] = ["test-fixture-release;test-fixture-news", "test-fixture-news"]
    src = fixture_data.sources().set_index("id")
    out = fixture_data.with_sources(claims)
    assert list(out["publisher"]) == [src.loc["test-fixture-release", "publisher"] + " | " + src.loc["test-fixture-news", "publisher"],
                                      src.loc["test-fixture-news", "publisher"]]
    assert list(out["source_kind"]) == [src.loc["test-fixture-release", "kind"] + " | " + src.loc["test-fixture-news", "kind"],
                                        src.loc["test-fixture-news", "kind"]]
    assert list(out["source_date"]) == [src.loc["test-fixture-release", "date"] + " | " + src.loc["test-fixture-news", "date"],
                                        src.loc["test-fixture-news", "date"]]
    assert len(out) == 2 and "publisher" not in claims  # one row per claim; the input is not changed


def test_real_claims_list_each_statement_once(real_data):
    # NORAD's "20 nmi" of 10 June 2020 reached the kit through two outlets: one row with both
    claims = real_data.claims("alaska-2020-06-10")
    twenty = claims[(claims["party"] == "NORAD") & (claims["value"] == "20")]
    assert len(twenty) == 1
    assert len(real_data.source_ids(twenty["source_id"].iloc[0])) == 2
    # every outlet of every claim is among its incident's sources
    for incident_id, group in real_data.claims().groupby("incident_id"):
        outlets = {s for cell in group["source_id"] for s in real_data.source_ids(cell)}
        assert outlets <= set(real_data.sources_of(incident_id)), incident_id


# --- other loaders, on the fixture


def test_tracks_and_zone_from_fixture(fixture_data):
    assert fixture_data.track_names("testsea-2020-01-02") == ["patrol", "interceptor"]
    with pytest.raises(ValueError, match="several tracks"):
        fixture_data.track("testsea-2020-01-02")
    patrol = fixture_data.track("testsea-2020-01-02", "patrol")
    assert len(patrol) == 3 and str(patrol["time"].dt.tz) == "UTC"
    assert patrol["time"].is_monotonic_increasing
    assert set(fixture_data.tracks("testsea-2020-01-02")) == {"patrol", "interceptor"}
    with pytest.raises(KeyError, match="Did you mean 'testsea-2020-01-02'"):
        fixture_data.track_names("testsea-2020-01-03")
    assert fixture_data.zone_names() == ["test_adiz"]
    assert fixture_data.zone("test_adiz").bounds == (17.0, 55.0, 19.5, 56.5)
    assert fixture_data.zone_properties("test_adiz")["source_ids"] == "test-fixture-treaty;test-fixture-release"
    assert fixture_data.base("bodo-test-field")["name"].startswith("Bodø")
    assert fixture_data.aircraft("XT-2")["max_speed_unit"] == "mach"


# --- where the data folder is


def test_data_dir_does_not_depend_on_working_directory(tmp_path):
    code = ("import json; from helpers import data; "
            "print(json.dumps([str(data.DATA_DIR), len(data.incidents())]))")
    result = _run(code, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data_dir, n = json.loads(result.stdout)
    assert pathlib.Path(data_dir).resolve() == (REPO / "data").resolve()
    assert n == len(pd.read_csv(REPO / "data" / "incidents.csv", dtype=str, keep_default_na=False))


def test_broken_data_raises_data_error_naming_file_and_row(tmp_path):
    broken = tmp_path / "data"
    shutil.copytree(VALID, broken)
    shutil.copyfile(BROKEN / "lat_out_of_range" / "bases.csv", broken / "bases.csv")
    code = ("from helpers import data\n"
            "try:\n"
            "    data.incidents()\n"
            "except data.DataError as err:\n"
            "    print('DataError:', err)\n"
            "else:\n"
            "    print('no error')\n")
    result = _run(code, cwd=tmp_path, env_extra={"AIR_ENCOUNTERS_DATA": str(broken)})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("DataError: 1 problem(s) in "), out
    assert str(broken) in out
    assert "bases.csv, row 1 (line 2), column 'lat': '95.75': latitude out of range" in out


def test_data_error_in_process(monkeypatch, tmp_path):
    """The same through the caches: a broken folder raises, and keeps raising, DataError."""
    broken = tmp_path / "data"
    shutil.copytree(VALID, broken)
    shutil.copyfile(BROKEN / "claim_unknown_incident" / "claims.csv", broken / "claims.csv")
    monkeypatch.setattr(data, "DATA_DIR", broken)
    _clear_caches()
    try:
        for _ in range(2):
            with pytest.raises(data.DataError, match=r"claims\.csv, row 3 \(line 4\), column 'incident_id'"):
                data.claims()
        assert issubclass(data.DataError, ValueError)
    finally:
        _clear_caches()


# --- one reader: the loader gets exactly what the validator checked


@pytest.fixture
def copied_data(monkeypatch, tmp_path):
    """The loaders reading a fresh copy of the fixture folder, with a fresh validation cache."""
    root = tmp_path / "data"
    shutil.copytree(VALID, root)
    monkeypatch.setattr(data, "DATA_DIR", root)
    monkeypatch.setenv("AIR_ENCOUNTERS_CACHE", str(tmp_path / "cache"))
    _clear_caches()
    yield root
    _clear_caches()


def _replace(root, rel, old, new):
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8", newline="")


def test_na_null_none_and_separators_are_read_as_text(copied_data):
    _replace(copied_data, "tracks/testsea-2020-01-02.csv", ",XT-2,Otherland\n", ",XT-2,NA\n")
    _replace(copied_data, "claims.csv", ",Otherland Defence Ministry,", ",None,")
    _replace(copied_data, "incidents.csv", "not a real event: an", "not a real event:\u2028an")
    _replace(copied_data, "claims.csv", "within 50 feet, in an", "within 50 feet,\nin an")
    assert data.track("testsea-2020-01-02", "interceptor")["party"].tolist() == ["NA", "NA"]
    claims = data.claims("testsea-2020-01-02")
    assert claims["party"].tolist() == ["Testland Navy", "None"]
    assert claims["quote"].iloc[0] == "TEST FIXTURE: the XT-2 closed to within 50 feet,\nin an unsafe manner."
    assert "not a real event:\u2028an Otherland" in data.incident("testsea-2020-01-02")["summary"]


def test_bom_geojson_is_read(copied_data):
    _replace(copied_data, "zones/test_adiz.geojson", '{\n  "type": "FeatureCollection"', '\ufeff{\n  "type": "FeatureCollection"')
    assert data.zone("test_adiz").bounds == (17.0, 55.0, 19.5, 56.5)


def test_loader_dtypes_match_the_schema(copied_data):
    inc = data.incidents()
    assert str(inc["date_start"].dtype) == "datetime64[ns]" and inc["lat"].dtype == "float64"
    trend = data.trend("test_intercepts")
    assert trend["year"].tolist() == [2019, 2020] and trend["count"].dtype == "int64"
    cons = data.track_constraints("testsea-2020-01-02")
    assert cons["other_track"].tolist() == ["", "patrol"] and cons["tolerance"].dtype == "float64"
    assert data.sources()["accessed"].tolist() == ["2024-05-01"] * 3


def test_zone_membership_is_by_exact_incident_id(copied_data):
    _replace(copied_data, "zones/test_adiz.geojson", '"source_ids"', '"incidents": "testsea-2020-01-02", "source_ids"')
    assert data.zones_of("testsea-2020-01-02") == ["test_adiz"]
    assert data.zones_of("testsea-2020-01") == []  # a prefix is not the id
    assert data.zones_of("testsea-2021-03-04") == []


# --- validation once per data version


def _count_validations(monkeypatch):
    calls = []
    real = data.validate.validate

    def counting(path):
        calls.append(path)
        return real(path)

    monkeypatch.setattr(data.validate, "validate", counting)
    return calls


def test_unchanged_data_is_validated_once(copied_data, monkeypatch):
    calls = _count_validations(monkeypatch)
    data.incidents()
    data.clear_caches()
    data.incidents()  # same files: the stamp says they passed
    assert len(calls) == 1
    stamps = list((copied_data.parent / "cache" / "validated").iterdir())
    assert len(stamps) == 1 and not any(p.name.startswith(".tmp") for p in stamps)
    assert not list(copied_data.rglob("*validated*")), "the stamp must not be written into the data folder"


def test_edited_file_is_validated_before_use(copied_data, monkeypatch):
    calls = _count_validations(monkeypatch)
    assert len(data.incidents()) == 2  # the folder is validated
    _replace(copied_data, "bases.csv", "55.75", "95.75")  # edited after validation, caches not cleared
    with pytest.raises(data.DataError, match=r"bases\.csv, row 1 \(line 2\), column 'lat': '95\.75'"):
        data.bases()  # not loaded yet: its bytes differ from what was validated, so it is validated again
    assert len(calls) == 2


def test_clear_caches_rereads_an_edited_file(copied_data, monkeypatch):
    calls = _count_validations(monkeypatch)
    assert data.base("testfjord-as")["lat"] == 55.75
    _replace(copied_data, "bases.csv", "55.75", "55.5")
    assert data.base("testfjord-as")["lat"] == 55.75  # cached until told
    data.clear_caches()
    assert data.base("testfjord-as")["lat"] == 55.5
    assert len(calls) == 2
    _replace(copied_data, "bases.csv", "55.5", "55.75")  # back to a version that passed before
    data.clear_caches()
    assert data.base("testfjord-as")["lat"] == 55.75
    assert len(calls) == 2


def test_unwritable_cache_folder_still_validates(copied_data, monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("AIR_ENCOUNTERS_CACHE", str(blocker / "cache"))
    calls = _count_validations(monkeypatch)
    data.incidents()
    data.clear_caches()
    data.incidents()
    assert len(calls) == 2


def test_register_cache_is_cleared_by_clear_caches(copied_data):
    from functools import cache

    seen = []

    @data.register_cache
    @cache
    def measured(n):
        seen.append(n)
        return n * 2

    try:
        assert measured(2) == 4 and measured(2) == 4 and seen == [2]
        data.clear_caches()
        assert measured(2) == 4 and seen == [2, 2]
    finally:
        data._CACHES.remove(measured)


def test_clear_caches_forgets_closest_to_shore_of_a_moved_track(copied_data):
    """A track moved in its file is measured again after clear_caches (issue: it kept its old 16.7 nmi)."""
    measure = pytest.importorskip("helpers.measure")
    before = measure.closest_to_shore("testsea-2020-01-02")["patrol"].distance_nmi
    _replace(copied_data, "tracks/testsea-2020-01-02.csv", "55.50,18.30", "56.50,18.30")  # last fix 60 nmi north
    assert measure.closest_to_shore("testsea-2020-01-02")["patrol"].distance_nmi == before  # cached until told
    data.clear_caches()
    after = measure.closest_to_shore("testsea-2020-01-02")["patrol"].distance_nmi
    assert after < before - 10, (before, after)


def test_a_title_ending_in_a_question_mark_gets_no_extra_full_stop(real_data):
    frame = real_data.sources()
    asked = frame[frame["title"].str.rstrip().str.endswith("?")]
    assert not asked.empty, "the kit's data has titles ending in '?' (e.g. 'What Happened?')"
    for source_id, title in zip(asked["id"], asked["title"]):
        assert f'"{title}"' in real_data.cite(source_id) and '?."' not in real_data.cite(source_id)
        assert '?."' not in real_data.cite_markdown(source_id).replace("\\", "")
    plain = frame[~frame["title"].str.rstrip().str.endswith((".", "?", "!"))].iloc[0]
    assert f'"{plain["title"]}."' in real_data.cite(plain["id"])
