"""A tiny SVG chart for widgets: land, lines and markers in an equirectangular view.

Widgets redraw many times a second while a slider moves; a folium map is too heavy to rebuild
at that pace, so widgets draw into this chart instead. The land path is computed once; each
redraw only formats a few markers. Longitudes are scaled by cos(latitude) at the view's centre
so shapes look right at high latitudes.
"""

import numpy as np
import shapely

from helpers.page import escape_html as escape_text


class SvgChart:
    """An SVG picture of the box ``view`` = (west, south, east, north) in degrees."""

    def __init__(self, view, *, width=520, land=None, title=""):
        self.west, self.south, self.east, self.north = view
        self.kx = np.cos(np.deg2rad((self.south + self.north) / 2))
        self.width = width
        self.height = int(width * (self.north - self.south) / ((self.east - self.west) * self.kx))
        self.title = title
        self._static = [self._land_path(land)] if land is not None else []

    def xy(self, lat, lon):
        """Pixel position of a latitude/longitude (degrees)."""
        x = (np.asarray(lon, float) - self.west) / (self.east - self.west) * self.width
        y = (self.north - np.asarray(lat, float)) / (self.north - self.south) * self.height
        return x, y

    def _ring(self, coords):
        lon, lat = np.asarray(coords).T
        x, y = self.xy(lat, lon)
        return "M" + "L".join(f"{a:.1f},{b:.1f}" for a, b in zip(x, y)) + "Z"

    def _land_path(self, land):
        # every ring of every polygon at once (the same path as ring by ring, several times faster)
        parts = shapely.get_parts(land)
        polys = parts[(shapely.get_type_id(parts) == 3) & ~shapely.is_empty(parts)]
        lonlat, ring = shapely.get_coordinates(shapely.get_rings(polys), return_index=True)
        x, y = self.xy(lonlat[:, 1], lonlat[:, 0])
        pts = [f"{a:.1f},{b:.1f}" for a, b in zip(x.tolist(), y.tolist())]
        starts = np.flatnonzero(np.r_[True, ring[1:] != ring[:-1]]) if len(ring) else np.array([], int)
        ends = np.r_[starts[1:], len(ring)]
        rings = "".join("M" + "L".join(pts[a:b]) + "Z" for a, b in zip(starts.tolist(), ends.tolist()))
        return f'<path d="{rings}" fill="#d9d9d9" stroke="#7f7f7f" stroke-width="0.6" fill-rule="evenodd"/>'

    def add_static(self, svg_fragment):
        """Add a fragment drawn under every redraw (tracks, limits)."""
        self._static.append(svg_fragment)

    def polyline(self, lats, lons, *, color="#000", dash=None, width=2, label=None):
        """SVG of a line through the points (degrees). A point that prints like the one before it
        (to 0.1 px) is left out: the same line, but a dense track's SVG no longer grows with its
        number of points beyond what the chart can show."""
        x, y = self.xy(lats, lons)
        printed = [f"{a:.1f},{b:.1f}" for a, b in zip(x, y)]
        pts = " ".join(p for i, p in enumerate(printed) if i == 0 or p != printed[i - 1])
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        title = f"<title>{escape_text(label)}</title>" if label else ""
        return f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="{width}"{dash_attr}>{title}</polyline>'

    def marker(self, lat, lon, *, color="#000", label="", shape="circle", size=6):
        """SVG of a marker with a text label."""
        x, y = (float(v) for v in self.xy(lat, lon))
        if shape == "square":
            mark = f'<rect x="{x - size:.1f}" y="{y - size:.1f}" width="{2 * size}" height="{2 * size}" fill="{color}" stroke="#000"/>'
        else:
            mark = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size}" fill="{color}" stroke="#000"/>'
        text = (f'<text x="{x + size + 3:.1f}" y="{y + 4:.1f}" font-size="12" font-family="sans-serif" '
                f'paint-order="stroke" stroke="#fff" stroke-width="3">{escape_text(label)}</text>') if label else ""
        return mark + text

    def render(self, *fragments, alt=""):
        """The whole SVG: static layers, then ``fragments``, with ``alt`` as its accessible name."""
        body = "".join(self._static) + "".join(fragments)
        return (f'<svg class="ae-chart" role="img" aria-label="{escape_text(alt or self.title)}" '
                f'width="{self.width}" height="{self.height}" viewBox="0 0 {self.width} {self.height}" '
                f'style="background:#f4f8fb;border:1px solid #999">{body}</svg>')
