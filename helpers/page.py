"""Everything that reaches a page: party styles and colours, and escaping of data text.

Every file in ``data/`` is input from a stranger (instructors exchange incidents), so every text
taken from data is escaped before it reaches a folium map, an ipywidgets HTML, an SVG chart or a
notebook's Markdown. Which function for which place:

- ``escape_html(text)``: HTML of a widget or an SVG chart (ipywidgets' HTML also typesets
  ``$...$`` math, so ``$``, backslash and backtick are escaped as well).
- ``escape_for_map(text)``: a folium popup, tooltip, DivIcon, legend or layer name. folium puts
  the text inside a JavaScript template literal, and branca compiles each rendered piece as a
  *second* Jinja2 template (``branca.element.Element(template=...)``), where ``{{ 7*7 }}`` would
  run as Python. So ``{`` and ``}`` are escaped too: no Jinja delimiter survives.
- ``escape_markdown(text)`` / ``md(template, **fields)`` / ``link(label, url)``: Markdown shown in
  JupyterLab, which trusts fresh outputs and would run ``<img onerror=...>``.
- ``is_safe_url(url)``: the one rule for web addresses (the validator uses it too).
- ``table(frame, units=..., decimals=...)``: a DataFrame or Series as a readable HTML table (no
  index, rounded numbers, units in the headers, blanks for missing values, every text escaped).

All escapes use numeric character references (``&#36;`` for ``$``): browsers and Markdown
renderers show them as the character itself, so the reader sees the text exactly as written.

This module imports nothing heavy (IPython only inside ``md`` and ``table``, pandas only in ``table``).
"""

import html
import re
import unicodedata
from urllib.parse import urlsplit

# --- styles ------------------------------------------------------------------------------------

PARTY_STYLES = {
    # Okabe-Ito colour-blind-safe palette, plus a line style per party.
    "United States": {"color": "#0072B2", "dash_array": None, "label": "United States (solid)"},
    "Russia": {"color": "#D55E00", "dash_array": "10 6", "label": "Russia (dashed)"},
    "Soviet Union": {"color": "#D55E00", "dash_array": "10 6", "label": "Soviet Union (dashed)"},
    "China": {"color": "#CC79A7", "dash_array": "2 6", "label": "China (dotted)"},
    "South Korea": {"color": "#009E73", "dash_array": "12 4 2 4", "label": "South Korea (dash-dot)"},
}
OTHER_STYLE = {"color": "#000000", "dash_array": "4 4", "label": "other (short dashes)"}
LAND_STYLE = {"fillColor": "#d9d9d9", "color": "#7f7f7f", "weight": 0.6, "fillOpacity": 1.0}
LIMIT_STYLE = {"color": "#444444", "weight": 1.2, "fill": False, "dashArray": "6 4"}
ZONE_STYLE = {"color": "#E69F00", "weight": 2, "fillOpacity": 0.08, "dashArray": "1 5"}


def party_style(party):
    """The colour, dash pattern and legend label of a party's tracks (``OTHER_STYLE`` if unknown)."""
    return PARTY_STYLES.get(party, OTHER_STYLE)


# --- escaping ----------------------------------------------------------------------------------

def _text(text):
    return "" if text is None else str(text)


_HTML_EXTRA = str.maketrans({"$": "&#36;", "`": "&#96;", "\\": "&#92;"})
_MAP_EXTRA = str.maketrans({"{": "&#123;", "}": "&#125;"})


def escape_html(text):
    """``text`` (any value; None -> "") as HTML text: ``& < > " '`` escaped (quote=True), and
    ``$``, backtick and backslash too, so no math typesetting or template literal sees them."""
    return html.escape(_text(text), quote=True).translate(_HTML_EXTRA)


def escape_for_map(text):
    """``text`` made inert for a folium popup, tooltip, DivIcon, legend or layer name: HTML-escaped
    as ``escape_html`` does, plus ``{`` and ``}`` (so no Jinja2 ``{{``, ``{%`` or ``{#`` is left
    for branca's second template pass)."""
    return escape_html(text).translate(_MAP_EXTRA)


# Characters with a meaning in Markdown (CommonMark/GFM, as JupyterLab's marked renders it) or in
# the math it finds first ($, \\), and the HTML ones: each becomes a character reference, which
# shows as itself. One table, one pass (a second pass would break the references of the first).
_MD_TABLE = str.maketrans({**{c: f"&#{ord(c)};" for c in "\\`*_{}[]()#!|~$"},
                           "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})
_NEWLINES = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")
_BLOCK_START = re.compile(r"^(\s*)([-+=]|\d+[.)])")


def escape_markdown(text):
    """``text`` as inert Markdown: HTML-escaped, every Markdown or math special character replaced
    by a character reference, a leading list or heading marker (``-``, ``+``, ``=``, ``1.``)
    escaped, and line breaks turned into spaces (so data text cannot start a new block: a heading,
    a list, a code block or raw HTML)."""
    one_line = _NEWLINES.sub(" ", _text(text)).translate(_MD_TABLE)
    return _BLOCK_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + f"&#{ord(m.group(2)[-1])};", one_line)


def _escape_field(value):
    """A field for ``md``: numbers and dates stay as they are (so ``{x:.1f}`` and ``{d:%Y}`` work),
    mappings and pandas Series get each value escaped, everything else becomes escaped text."""
    import datetime
    import numbers

    if isinstance(value, (numbers.Number, datetime.date, datetime.time)) and not isinstance(value, bool):
        return value
    if hasattr(value, "items") and not isinstance(value, str):
        return {k: _escape_field(v) for k, v in value.items()}
    return escape_markdown(value)


def md_text(template, **fields):
    """The Markdown text of ``template.format(**fields)`` with every field escaped (see ``md``)."""
    return template.format(**{name: _escape_field(value) for name, value in fields.items()})


def md(template, **fields):
    """An ``IPython.display.Markdown`` of ``template`` (trusted lesson text, with ``{name}``
    placeholders as in ``str.format``) filled with ``fields`` from data, each escaped.

    Example: ``page.md("**{title}** ({when:%d %B %Y})", title=inc["title"], when=inc["date_start"])``.
    Numbers and dates keep their format specs; a dict or Series field is escaped value by value
    (``{inc[title]}``).
    """
    from IPython.display import Markdown

    return Markdown(md_text(template, **fields))


# --- web addresses -----------------------------------------------------------------------------

_URL_FORBIDDEN = set("\"'<>\\`")


def is_safe_url(url):
    """True if ``url`` is an http(s) web address that is safe to put in a link: a host, and no
    quotes, angle brackets, backtick, backslash, whitespace or control/format characters."""
    if not isinstance(url, str) or not url:
        return False
    if any(c in _URL_FORBIDDEN or c.isspace() or unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")
           for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and url.lower().startswith(("http://", "https://"))


# In a Markdown link destination: parentheses would end it, `$` would start math, `*`/`_`/`~`
# are harmless there but percent-encoding them keeps the address the same for every web server.
_URL_IN_MARKDOWN = str.maketrans({"(": "%28", ")": "%29", "$": "%24", "[": "%5B", "]": "%5D",
                                  "{": "%7B", "}": "%7D", "|": "%7C", "^": "%5E"})


def link(label, url):
    """A Markdown link ``[label](url)`` with ``label`` escaped; if ``url`` fails ``is_safe_url``,
    only the escaped label (no link is ever built from an unsafe address)."""
    if not is_safe_url(url):
        return escape_markdown(label)
    return f"[{escape_markdown(label)}]({url.translate(_URL_IN_MARKDOWN)})"


# --- tables ------------------------------------------------------------------------------------

TABLE_CSS = "border-collapse:collapse;font-size:14px;max-width:980px"
CELL_CSS = "border-top:1px solid #ccc;padding:3px 8px;vertical-align:top"
# numbers, dates and headers never break inside; long text wraps between words (a word longer than
# the column, such as a source id, breaks only where it must)
KEEP_CSS = {"right": "text-align:right;white-space:nowrap", "left": "text-align:left;overflow-wrap:break-word"}


def _cell(value, decimals):
    """One value as readable text: blank if missing, yes/no for booleans, dates without a zero time,
    times with their zone (UTC), whole numbers without ``.0``, other numbers rounded to ``decimals``."""
    import numbers

    import numpy as np
    import pandas as pd

    if value is None or (pd.api.types.is_scalar(value) and not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, pd.Timestamp):
        if value.tzinfo is None:
            return f"{value:%Y-%m-%d}" if value == value.normalize() else f"{value:%Y-%m-%d %H:%M:%S}"
        zone = "UTC" if value.utcoffset() == pd.Timedelta(0) else f"{value:%z}"
        return f"{value:%Y-%m-%d %H:%M:%S} {zone}"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        return f"{number:.0f}" if number.is_integer() else f"{number:.{decimals}f}"
    return str(value)


def table(frame, *, units=None, decimals=2, index=False, max_rows=60):
    """A pandas DataFrame (or Series: one row per field) as a readable HTML table for a lesson.

    No index column unless ``index=True`` (then the index is the first column); missing values
    blank; booleans yes/no; dates as YYYY-MM-DD, times as YYYY-MM-DD HH:MM:SS UTC; whole numbers
    without ``.0``; other numbers rounded to ``decimals`` places (an int, or a dict column ->
    places, default 2). ``units`` maps a column (or a Series field) to its unit, shown in the
    header, e.g. ``units={"lat": "deg N", "distance": "nmi"}``. Every header and cell is escaped
    (``escape_html``). Longer frames show their first ``max_rows`` rows and say so.
    Returns an ``IPython.display.HTML``.
    """
    import pandas as pd
    from IPython.display import HTML

    units = dict(units or {})

    def places(key):
        return decimals.get(key, 2) if isinstance(decimals, dict) else decimals

    def header(label, key):
        return f"{label} ({units[key]})" if key in units else label

    if isinstance(frame, pd.Series):
        headers = ["", frame.name if isinstance(frame.name, str) and frame.name else "value"]
        align = ["left", "left"]
        rows = [[header(str(k), k), _cell(v, places(k))] for k, v in list(frame.items())[:max_rows]]
    else:
        if index:
            frame = frame.rename_axis(frame.index.name or "").reset_index()
        keys = [c[-1] if isinstance(c, tuple) else c for c in frame.columns]
        labels = [" / ".join(str(p) for p in c if str(p)) if isinstance(c, tuple) else str(c) for c in frame.columns]
        headers = [header(label, key) for label, key in zip(labels, keys)]
        align = ["right" if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col) else "left"
                 for _, col in frame.items()]
        rows = [[_cell(v, places(keys[j])) for j, v in enumerate(row)]
                for row in frame.head(max_rows).itertuples(index=False, name=None)]
    head = "".join(f"<th style='{CELL_CSS};text-align:{a};white-space:nowrap'>{escape_html(h)}</th>"
                   for h, a in zip(headers, align))
    body = "".join("<tr>" + "".join(f"<td style='{CELL_CSS};{KEEP_CSS[a]}'>{escape_html(v)}</td>"
                                    for v, a in zip(row, align)) + "</tr>" for row in rows)
    more = f"<p><i>first {max_rows} of {len(frame)} rows</i></p>" if len(frame) > max_rows else ""
    return HTML(f"<table class='ae-table' style='{TABLE_CSS}'><tr>{head}</tr>{body}</table>{more}")
