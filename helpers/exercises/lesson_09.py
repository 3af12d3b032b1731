"""Exercises of lesson 09 (Trends in the data): the record fiscal year, a share of scrambles, when a
fiscal year ends, and a function that puts a calendar month in its fiscal year."""

import pandas as pd

from helpers.exercises.answers import Function, Number, Time
from helpers.exercises.core import Exercise, Mistake

SERIES = "jasdf_scrambles"


def _table():
    from helpers import data

    return data.trend(SERIES)


def fiscal_start_month():
    """The month Japan's fiscal year starts, from data/definitions.csv."""
    from helpers import data

    row = data.definitions(SERIES).set_index("id").loc["jasdf-fiscal-year-start"]
    return int(float(row["value"]))


# --- 09.1: the record year -----------------------------------------------------------------------

def _record(g):
    t = _table().dropna(subset=["total"]).sort_values("total", ascending=False)
    russia = _table().dropna(subset=["russia"]).sort_values("russia", ascending=False)
    return {"answer": float(t["fiscal_year"].iloc[0]), "_count": float(t["total"].iloc[0]),
            "_second": float(t["fiscal_year"].iloc[1]), "_first_row": float(_table()["fiscal_year"].min()),
            "_latest": float(_table()["fiscal_year"].max()),
            "_russia": float(russia["fiscal_year"].iloc[0]) if len(russia) else float("nan")}


Exercise(
    id="09.1", title="the record fiscal year",
    parts={"answer": Number(None, integer=True, label="the fiscal year")},
    expected=_record,
    mistakes=[
        Mistake("That is the number of scrambles in the record year, not the year: give the fiscal year "
                "(the x axis).", lambda t: t.a["answer"] == t.e["_count"]),
        Mistake("A fiscal year is named after the calendar year in which it STARTS (in April): you gave the "
                "calendar year in which the record year ended.", lambda t: t.a["answer"] == t.e["answer"] + 1),
        Mistake("That year has the second-highest total: look for the highest point of the black line.",
                lambda t: t.a["answer"] == t.e["_second"]),
        Mistake("That is the Cold War record the newspapers compared with: a later year passed it.",
                lambda t: t.a["answer"] == t.e["_first_row"] and t.e["_first_row"] != t.e["answer"]),
        Mistake("That is the year with the most scrambles against RUSSIAN aircraft: the question asks about the "
                "total.", lambda t: t.a["answer"] == t.e["_russia"] and t.e["_russia"] != t.e["answer"]),
        Mistake("That is the most recent year in the table, not the one with the most scrambles.",
                lambda t: t.a["answer"] == t.e["_latest"] and t.e["_latest"] != t.e["answer"]),
    ],
    hint="Find the highest point of the 'all scrambles' line (or sort the table by `total`) and read its fiscal year.",
    praise="Your fiscal year is the one with the largest total in data/trends/jasdf_scrambles.csv.",
)


# --- 09.2: a share in the latest year --------------------------------------------------------------

def _share(g):
    t = _table().dropna(subset=["total", "china"]).sort_values("fiscal_year")
    last, before = t.iloc[-1], t.iloc[-2]
    share = 100.0 * last["china"] / last["total"]
    return {"answer": share, "_fraction": share / 100.0,
            "_russia": 100.0 * last["russia"] / last["total"] if pd.notna(last["russia"]) else float("nan"),
            "_of_two": 100.0 * last["china"] / (last["china"] + last["russia"]) if pd.notna(last["russia"]) else float("nan"),
            "_previous": 100.0 * before["china"] / before["total"], "_rest": 100.0 - share}


Exercise(
    id="09.2", title="share of scrambles against Chinese aircraft",
    parts={"answer": Number("%", tol=0.06, label="the share")},
    expected=_share,
    mistakes=[
        Mistake("That is a fraction: the question asks for a percentage (times 100).",
                lambda t: t.near("answer", t.e["_fraction"], rel=0.002)),
        Mistake("That is the share of scrambles against RUSSIAN aircraft: use the `china` column.",
                lambda t: t.near("answer", t.e["_russia"], rel=0.002)),
        Mistake("You divided by China + Russia only: the share is of ALL scrambles (the `total` column), which "
                "also counts other countries' aircraft.", lambda t: t.near("answer", t.e["_of_two"], rel=0.002)),
        Mistake("That is the share in an earlier year: use the most recent fiscal year with a `china` figure.",
                lambda t: t.near("answer", t.e["_previous"], rel=0.002)),
        Mistake("That is the share of scrambles NOT against Chinese aircraft: divide the `china` column by the "
                "`total`.", lambda t: t.near("answer", t.e["_rest"], rel=0.002)),
        Mistake("A share of a total is between 0 and 100 %.", lambda t: not 0 <= t.a["answer"] <= 100),
    ],
    hint="Share = china / total x 100, in the most recent fiscal year that has both numbers; one decimal.",
    praise="Your percentage is the `china` column divided by the `total` of the most recent fiscal year with both, "
           "times 100, to one decimal.",
)


# --- 09.3: when a fiscal year ends -----------------------------------------------------------------

def _fy_end(g):
    fy, start = int(g["fiscal_year"]), fiscal_start_month()
    first = pd.Timestamp(year=fy, month=start, day=1, tz="UTC")
    last_day = first + pd.DateOffset(years=1) - pd.Timedelta(days=1)
    noon = lambda day: day.normalize() + pd.Timedelta(hours=12)  # noqa: E731 - the middle of a day
    return {"answer": noon(last_day), "_named_by_end": noon(last_day - pd.DateOffset(years=1)),
            "_calendar": noon(pd.Timestamp(year=fy, month=12, day=31, tz="UTC")),
            "_calendar_next": noon(pd.Timestamp(year=fy + 1, month=12, day=31, tz="UTC")),
            "_start": noon(first), "_month_start": noon(last_day.replace(day=1))}


def _same_day(t, key):
    return t.a["answer"].date() == t.e[key].date()


Exercise(
    id="09.3", title="the last day of a fiscal year",
    parts={"answer": Time(tol_s=43200, label="the date")},
    givens={"fiscal_year": 2016},
    expected=_fy_end,
    mistakes=[
        Mistake("A Japanese fiscal year is named after the year in which it STARTS: fiscal N ends in N+1.",
                lambda t: _same_day(t, "_named_by_end")),
        Mistake("A fiscal year is not a calendar year: it starts in April (see the definition quoted above).",
                lambda t: _same_day(t, "_calendar") or _same_day(t, "_calendar_next")),
        Mistake("That is the day the fiscal year STARTS: the question asks for its last day.",
                lambda t: _same_day(t, "_start")),
        Mistake("Right month and year, but the question asks for the LAST day of the month.",
                lambda t: _same_day(t, "_month_start")),
    ],
    hint="Fiscal year N starts on 1 April of year N and lasts twelve months; give its last day as a date, "
         "e.g. \"2001-12-31\" (in quotes).",
    praise="Your date is the last day of that fiscal year (it starts on 1 April, data/definitions.csv).",
)


# --- 09.4: a calendar month's fiscal year, as a function ------------------------------------------

def fiscal_year_of(year, month):
    """The Japanese fiscal year of calendar ``month`` (1-12) of ``year``."""
    return int(year) if int(month) >= fiscal_start_month() else int(year) - 1


MONTH_CASES = [(2017, 1), (2017, 3), (2017, 4), (2016, 12), (2020, 4), (2021, 2), (2019, 9), (2024, 5)]


Exercise(
    id="09.4", title="fiscal year of a calendar month",
    parts={"answer": Function(("year", "month"), rel=0.0, label="your function")},
    expected=lambda g: {"answer": fiscal_year_of}, cases=lambda g: MONTH_CASES,
    mistakes=[
        Mistake("Your function gives the calendar year for every month: January to March belong to the fiscal "
                "year that started the April before.", lambda t: t.like("answer", lambda y, m: y, rel=0.0)),
        Mistake("Your function names the fiscal year after the year in which it ENDS: it is named after the year "
                "in which it starts.", lambda t: t.like("answer", lambda y, m: y + 1 if m >= 4 else y, rel=0.0)),
        Mistake("April is the FIRST month of a fiscal year: check your test at the boundary (month 4).",
                lambda t: t.like("answer", lambda y, m: y if m > 4 else y - 1, rel=0.0)),
        Mistake("March is the LAST month of the previous fiscal year: check your test at the boundary (month 3).",
                lambda t: t.like("answer", lambda y, m: y if m >= 3 else y - 1, rel=0.0)),
        Mistake("Only January to March belong to the previous fiscal year, not every month.",
                lambda t: t.like("answer", lambda y, m: y - 1, rel=0.0)),
    ],
    hint="If the month is April or later, the fiscal year is the calendar year; otherwise it is the year before.",
    praise=f"Your function puts every test month in its fiscal year ({len(MONTH_CASES)} months of different "
           "years, both sides of the April boundary).",
)
