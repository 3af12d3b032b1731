"""Data text is untrusted: an injection corpus (tests/injection_corpus.py) puts template, HTML,
script and URL payloads in every text field that reaches a page, and every page the kit draws
(each incident map, the overview map, each widget, the lessons' Markdown) must show them as
text: literally, escaped, with nothing evaluated, no folder created, no live tag or link.

The pages are rendered once, in a fresh interpreter reading the injected copy through
AIR_ENCOUNTERS_DATA, with an empty working directory (where the issue's Jinja payload would
create its folder). Web addresses that are not safe must be rejected by the validator.
"""

import html
import html.parser
import json
import pathlib
import shutil

import injection_corpus as corpus
import pytest

from helpers import page, validate

REPO = pathlib.Path(__file__).resolve().parent.parent
VALID = REPO / "tests" / "fixtures" / "valid_data"

# Substrings that exist only if a payload became live markup or code (each is a piece of a vector
# with its '<', '`', '$', '\' or '{' intact).
LIVE_HTML = ["AE49AE", "<img src=x", "<svg onload", "<script>top.__pwned", "${alert(", "`AEtick`", "AE\\back",
             "\\href{", "\\(AE\\)"]
# A folium page is also compiled as a Jinja2 template (by branca): no delimiter may be left in it.
LIVE = LIVE_HTML + ["{{7*7}}", "{% if true %}", "{# AECOMMENT #}", "{{ lipsum"]


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    """(data folder, rendered pages folder, working directory) of one render of the corpus."""
    root = tmp_path_factory.mktemp("injection")
    data_dir = corpus.make_copy(root / "data")
    cwd = root / "cwd"
    cwd.mkdir()
    out = corpus.render_in_subprocess(data_dir, root / "out", cwd)
    return data_dir, out, cwd


def _maps(out):
    return sorted((out / "maps").glob("*.html"))


def test_the_injected_copy_passes_the_validator(injected):
    # otherwise the loader would refuse it and nothing below would be drawn from it
    problems, counts = validate.validate(injected[0])
    assert problems == [], "\n".join(map(str, problems[:10]))
    assert counts


def test_no_template_ran_and_nothing_was_created(injected):
    data_dir, out, cwd = injected
    assert list(cwd.iterdir()) == [], f"the render created {list(cwd.iterdir())} in its working directory"
    for folder in (REPO, data_dir, out, data_dir.parent):
        hits = list(folder.rglob(corpus.PWNED_FOLDER)) if folder != REPO else list(folder.glob(corpus.PWNED_FOLDER))
        assert not hits, f"the Jinja payload created {hits}"
    for path in [*_maps(out), out / "widgets.json", out / "markdown.json"]:
        assert "AE49AE" not in path.read_text(encoding="utf-8"), f"{{{{7*7}}}} was evaluated in {path.name}"


def test_every_incident_map_and_the_overview_were_drawn(injected):
    from helpers import data

    names = {p.stem for p in _maps(injected[1])}
    assert names == set(data.incidents()["id"]) | {"overview"}


def _map_cases():
    from helpers import data

    return [*data.incidents()["id"], "overview"]


@pytest.mark.parametrize("name", _map_cases())
def test_map_shows_every_payload_as_text(injected, name):
    from helpers import data

    text = (injected[1] / "maps" / f"{name}.html").read_text(encoding="utf-8")
    live = [v for v in LIVE if v in text]
    assert not live, f"{name}: live payload pieces in the page: {live}"
    expected = ["incidents.title", "incidents.summary", "incidents.location_note", "sources.publisher",
                "sources.title"]
    if name != "overview":
        if name in data.incidents_with_tracks():
            expected += ["tracks.track", "tracks.party", "aircraft.type"]
        if any(name == z for zone in data.zone_names() for z in str(data.zone_properties(zone).get("incidents", "")).split(";")):
            expected.append("zones.title")
    missing = [f for f in expected if page.escape_for_map(corpus.tagged(f)) not in text]
    assert not missing, f"{name}: these fields are not shown literally (escaped): {missing}"
    assert page.escape_for_map(corpus.ODD_SAFE_URL) in text


def test_bases_and_zone_payloads_reach_some_map(injected):
    pages = "".join(p.read_text(encoding="utf-8") for p in _maps(injected[1]))
    for field in ("bases.name", "bases.country", "zones.title"):
        assert page.escape_for_map(corpus.tagged(field)) in pages, f"{field} is on no map"


def test_widgets_show_every_payload_as_text(injected):
    shown = json.loads((injected[1] / "widgets.json").read_text(encoding="utf-8"))
    assert any(k.startswith("track_explorer:") for k in shown) and any(k.startswith("claims_table:") for k in shown)
    for name, fragments in shown.items():
        for fragment in fragments:
            live = [v for v in LIVE_HTML if v in fragment]  # (no template engine reads widget HTML)
            assert not live, f"{name}: live payload pieces in a widget: {live}"
            # ipywidgets' HTML typesets $...$ and \(...\) math: none may be left for it
            assert not any(c in fragment for c in "$\\`"), f"{name}: math or backtick characters left: {fragment[:300]}"
    everything = "".join(f for fragments in shown.values() for f in fragments)
    for field in ("claims.quote", "claims.party", "sources.publisher", "sources.title", "tracks.track", "bases.name"):
        assert page.escape_html(corpus.tagged(field)) in everything, f"{field} is not shown (escaped) in any widget"


class _Tags(html.parser.HTMLParser):
    """Collects every tag, attribute and the text of an HTML fragment."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _render_markdown(text):
    """HTML of Markdown as JupyterLab renders it: raw HTML passes through (marked does that)."""
    import mistune

    return mistune.create_markdown(escape=False)(text)


ALLOWED_TAGS = {"p", "strong", "em", "a", "ol", "li", "blockquote"}


def _assert_inert_markdown(name, text, fields):
    assert not any(c in text for c in "$\\`"), f"{name}: math or code characters left in the Markdown: {text[:300]}"
    parser = _Tags()
    parser.feed(_render_markdown(text))
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, f"{name}: the data made a <{tag}> element: {attrs}"
        assert not [a for a in attrs if a.startswith("on")], f"{name}: event handler {attrs}"
        if tag == "a":
            assert page.is_safe_url(attrs.get("href")), f"{name}: a link to an unsafe address {attrs}"
    shown = "".join(parser.text)
    for field in fields:
        assert corpus.tagged(field) in shown, f"{name}: {field} is not shown literally; shown: {shown[:400]!r}"


def test_markdown_shows_every_payload_as_text(injected):
    md = json.loads((injected[1] / "markdown.json").read_text(encoding="utf-8"))
    _assert_inert_markdown("sources_markdown", md["sources_markdown"], ["sources.publisher", "sources.title"])
    links = [attrs for tag, attrs in _tags(md["sources_markdown"]) if tag == "a"]
    assert links and all(a["href"] == page.link("x", corpus.ODD_SAFE_URL)[4:-1] for a in links)
    incidents = [k for k in md if k.startswith("incident:")]
    laws = [k for k in md if k.startswith("law:")]
    assert incidents and laws
    for name in incidents:
        _assert_inert_markdown(name, md[name], ["incidents.title", "incidents.parties", "incidents.summary"])
    for name in laws:
        _assert_inert_markdown(name, md[name], ["law.instrument", "law.article", "law.text"])


def _tags(text):
    parser = _Tags()
    parser.feed(_render_markdown(text))
    return parser.tags


# --- the URL rule ------------------------------------------------------------------------------


def _copy_with_url(tmp_path, url):
    folder = tmp_path / "data"
    shutil.copytree(VALID, folder)
    first = []

    def change(row):
        if not first:
            first.append(row["id"])
            row["url"] = url

    corpus._rewrite_csv(folder / "sources.csv", change)
    return folder


@pytest.mark.parametrize("url", corpus.BAD_URLS, ids=lambda u: repr(u)[1:40])
def test_validator_rejects_unsafe_web_addresses(tmp_path, url):
    assert not page.is_safe_url(url)
    problems, _ = validate.validate(_copy_with_url(tmp_path, url))
    texts = [str(p) for p in problems]
    assert any(t.startswith("sources.csv, row 1 ") for t in texts), f"{url!r} was accepted: {texts}"


@pytest.mark.parametrize("url", [corpus.ODD_SAFE_URL, "https://example.org/test-fixture/release",
                                 "http://example.org/a_(b)?c=1&d=%27e%27#f"])
def test_validator_accepts_safe_web_addresses(tmp_path, url):
    assert page.is_safe_url(url)
    problems, _ = validate.validate(_copy_with_url(tmp_path, url))
    assert problems == [], [str(p) for p in problems]


def test_every_web_address_in_the_data_is_safe():
    from helpers import data

    urls = list(data.sources()["url"])
    assert urls and all(page.is_safe_url(u) for u in urls), [u for u in urls if not page.is_safe_url(u)]


# --- helpers.page itself ---------------------------------------------------------------------


@pytest.mark.parametrize("vector", corpus.VECTORS + ["it's \"quoted\" & <b>bold</b>", "", "1. not a list"])
def test_escapes_keep_the_text_and_drop_every_special_character(vector):
    for escape, forbidden in ((page.escape_html, "<>\"'`$\\"), (page.escape_for_map, "<>\"'`$\\{}")):
        out = escape(vector)
        assert not any(c in out for c in forbidden), f"{escape.__name__}({vector!r}) = {out!r}"
        assert html.unescape(out) == vector
    out = page.escape_markdown(vector)
    parser = _Tags()
    parser.feed(_render_markdown(out))
    assert [t for t, _ in parser.tags] in ([], ["p"]), f"escape_markdown({vector!r}) made markup: {parser.tags}"
    assert "".join(parser.text).strip() == vector.strip()


def test_escape_markdown_keeps_data_on_one_line():
    out = page.escape_markdown("line one\n# not a heading\r\n- not a list\u2028<b>x</b>")
    assert "\n" not in out and "\u2028" not in out
    assert [t for t, _ in _tags(out)] == ["p"]


def test_md_escapes_fields_but_keeps_number_and_date_formats():
    import pandas as pd

    shown = page.md("**{title}**: {d:.1f} nmi on {when:%d %B %Y}; {row[name]}", title="<img src=x onerror=alert(1)>",
                    d=12.345, when=pd.Timestamp("2019-03-20"), row={"name": "$x$"})
    assert type(shown).__name__ == "Markdown"
    assert shown.data == "**&lt;img src=x onerror=alert&#40;1&#41;&gt;**: 12.3 nmi on 20 March 2019; &#36;x&#36;"


def test_link_only_from_safe_addresses():
    assert page.link("Paper (2019)", "https://example.org/a_(b)") == "[Paper &#40;2019&#41;](https://example.org/a_%28b%29)"
    for url in corpus.BAD_URLS:
        out = page.link("label", url)
        assert out == "label" and "](" not in out


def test_page_imports_nothing_heavy():
    import subprocess
    import sys

    code = ("import sys, helpers.page; heavy = [m for m in ('IPython', 'folium', 'pandas', 'ipywidgets') "
            "if m in sys.modules]; assert not heavy, heavy")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


# --- the checks above can fail: the same payloads are live without helpers.page ----------------


def test_the_jinja_payloads_are_live_in_folium_without_escaping(tmp_path, monkeypatch):
    import folium

    monkeypatch.chdir(tmp_path)
    fmap = folium.Map(tiles=None)
    folium.CircleMarker([0, 0], tooltip=folium.Tooltip(corpus.VECTORS[0] + " " + corpus.MAKEDIRS)).add_to(fmap)
    text = fmap.get_root().render()
    assert "AE49AE" in text, "folium no longer evaluates text as a template: the LIVE check needs a new vector"
    assert (tmp_path / corpus.PWNED_FOLDER).is_dir(), "the makedirs payload no longer runs unescaped"
