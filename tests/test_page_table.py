"""page.table: DataFrames and Series as readable, escaped HTML tables for the lessons."""

import numpy as np
import pandas as pd

from helpers import page


def _cells(html):
    """The text of every <td> of a table, in order."""
    import re

    return re.findall(r"<td[^>]*>(.*?)</td>", html)


def test_numbers_rounded_whole_numbers_plain_missing_blank_no_index():
    frame = pd.DataFrame({"distance": [12.345678901234, 20.0, np.nan], "year": [2019.0, np.nan, 2020.0]},
                         index=[11, 12, 13])
    html = page.table(frame, units={"distance": "nmi"}, decimals={"distance": 1}).data
    assert _cells(html) == ["12.3", "2019", "20", "", "", "2020"]
    assert "distance (nmi)" in html and ">year<" in html
    assert ">11<" not in html, "the index must not be shown"
    assert "NaN" not in html and "nan" not in html


def test_dates_times_and_booleans():
    frame = pd.DataFrame({"day": [pd.Timestamp("2019-03-20"), pd.NaT],
                          "time": [pd.Timestamp("2020-06-10 12:30:05", tz="UTC"), pd.Timestamp("2020-06-10 04:30", tz="UTC")],
                          "treaty text?": [True, np.bool_(False)]})
    assert _cells(page.table(frame).data) == ["2019-03-20", "2020-06-10 12:30:05 UTC", "yes",
                                              "", "2020-06-10 04:30:00 UTC", "no"]


def test_series_is_one_row_per_field_with_units():
    fix = pd.Series({"time": pd.Timestamp("2020-06-10 12:30", tz="UTC"), "lat": 59.16224, "lon": -173.167493}, name=30)
    html = page.table(fix, units={"lat": "deg N", "lon": "deg E"}, decimals=4).data
    assert _cells(html) == ["time", "2020-06-10 12:30:00 UTC", "lat (deg N)", "59.1622", "lon (deg E)", "-173.1675"]
    assert "dtype" not in html and "Name:" not in html


def test_text_is_escaped():
    frame = pd.DataFrame({"<b>head</b>": ["<img src=x onerror=alert(1)>", "$x$ `y`"]})
    html = page.table(frame).data
    assert "<img" not in html and "<b>head" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "&#36;x&#36;" in html


def test_index_on_request_and_two_level_headers():
    sides = pd.concat({"U.S. side": pd.DataFrame({"party": ["PACOM"]}, index=["where"]),
                       "Chinese side": pd.DataFrame({"party": ["MFA"]}, index=["where"])}, axis=1)
    html = page.table(sides, index=True).data
    assert _cells(html) == ["where", "PACOM", "MFA"]
    assert "U.S. side / party" in html and "Chinese side / party" in html


def test_long_frames_say_they_are_cut():
    html = page.table(pd.DataFrame({"n": range(100)}), max_rows=5).data
    assert len(_cells(html)) == 5 and "first 5 of 100 rows" in html
