"""Static matplotlib charts of intercept geometry (lesson 08), sized for a projector.

``pursuit_chart`` draws a target's straight course, a pure-pursuit chase and a lead (collision)
course on one latitude/longitude chart. The numbers come from ``helpers.geo``; this module only
draws. Every chart carries its text alternative in ``fig.alt_text`` and uses line style as well as
colour for each path.
"""

import numpy as np

from helpers import geo
from helpers.page import party_style

FONT_PT = 13  # projector-sized labels


def _dashes(style):
    return [float(v) for v in style["dash_array"].split()] if style["dash_array"] else None


def pursuit_chart(*, pursuit, lead, interceptor, base_name, ax=None):
    """Chart of a pure-pursuit chase (``pursuit``: the DataFrame of ``geo.pure_pursuit``) and a lead
    intercept (``lead``: the ``geo.Intercept`` of ``geo.intercept_course``) flown from ``interceptor``
    (a ``geo.LatLon``, degrees) named ``base_name``. Returns the Figure; its alt text is ``fig.alt_text``.
    """
    import matplotlib.pyplot as plt

    if ax is None:
        fig, ax = plt.subplots(figsize=(12, 6))
    else:
        fig = ax.figure
    target, chaser = party_style("Russia"), party_style("United States")
    lon_t = geo.unwrap_lon(pursuit["lon"].to_numpy())
    lon_i = geo.unwrap_lon(pursuit["lon_i"].to_numpy())
    (line,) = ax.plot(lon_t, pursuit["lat"], color=target["color"], lw=2.5, label="target's course (dashed)")
    if _dashes(target):
        line.set_dashes(_dashes(target))
    ax.plot(lon_i, pursuit["lat_i"], color=chaser["color"], lw=2.5, label="pure pursuit (solid, curved)")
    if lead.possible:
        lead_lon = geo.unwrap_lon(np.array([interceptor.lon, lead.point.lon]))
        ax.plot(lead_lon, [interceptor.lat, lead.point.lat], color="#000000", lw=2, ls=":",
                label="lead (collision) course (dotted, straight)")
        ax.plot(lead_lon[1], lead.point.lat, marker="X", ms=13, color="#F0E442", mec="black", ls="none",
                label="lead intercept point")
    ax.plot(interceptor.lon, interceptor.lat, marker="s", ms=11, color="white", mec="black", ls="none",
            label=base_name)
    ax.plot(lon_t[0], pursuit["lat"].iloc[0], marker="^", ms=12, color=target["color"], ls="none",
            label="target at the start")
    mid_lat = float(np.mean(ax.get_ylim()))
    ax.set_aspect(1 / np.cos(np.deg2rad(mid_lat)))
    ax.set_xlabel("longitude (degrees)", fontsize=FONT_PT)
    ax.set_ylabel("latitude (degrees)", fontsize=FONT_PT)
    ax.tick_params(labelsize=FONT_PT - 1)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=FONT_PT - 1, borderaxespad=0)
    ax.set_title("Pure pursuit against a lead course", fontsize=FONT_PT + 1)
    fig.tight_layout()
    minutes = float(pursuit["minutes"].iloc[-1])
    lead_text = (f"the lead course meets it after {lead.time_min:.0f} min on a straight line"
                 if lead.possible else "no lead course can meet it")
    fig.alt_text = (f"Chart: a target flies a straight course (dashed). An interceptor from {base_name} (square) "
                    f"chases it by pure pursuit, always pointing at it, along a curve that ends behind the target "
                    f"after {minutes:.0f} min; {lead_text} (dotted line, X).")
    return fig


def trend_chart(frame, *, x, columns, labels, title, ylabel, ax=None):
    """Chart of yearly counts: one line with markers per column of ``frame`` (``columns``, shown as
    ``labels``) against column ``x``. Years a source did not state stay gaps (never interpolated).
    Returns the Figure; its text alternative (every value, by year) is ``fig.alt_text``.
    """
    import matplotlib.pyplot as plt

    if ax is None:
        fig, ax = plt.subplots(figsize=(11, 5.5))
    else:
        fig = ax.figure
    styles = [("#000000", "-", "o"), ("#CC79A7", "--", "s"), ("#D55E00", ":", "^"), ("#0072B2", "-.", "D")]
    frame = frame.sort_values(x)
    years = range(int(frame[x].min()), int(frame[x].max()) + 1)
    every_year = frame.set_index(x).reindex(years).rename_axis(x).reset_index()  # unpublished years: gaps
    described = []
    for (color, line, marker), column, label in zip(styles, columns, labels):
        ax.plot(every_year[x], every_year[column], color=color, ls=line, marker=marker, ms=7, lw=2, label=label)
        stated = frame[[x, column]].dropna()
        values = ", ".join(f"{int(year)}: {value:g}" for year, value in stated.itertuples(index=False))
        described.append(f"{label}: {values if values else 'no value stated'}")
    ax.set_xlabel(x.replace("_", " "), fontsize=FONT_PT)
    ax.set_ylabel(ylabel, fontsize=FONT_PT)
    ax.tick_params(labelsize=FONT_PT - 1)
    ax.set_ylim(bottom=0)
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper left", fontsize=FONT_PT - 1)
    ax.set_title(title, fontsize=FONT_PT + 1)
    fig.tight_layout()
    fig.alt_text = (f"Chart: {title}. Lines with markers by {x.replace('_', ' ')}; a gap means no source stated "
                    f"that year's value. " + "; ".join(described) + ".")
    return fig
