"""Local copies of the CDN files folium asks for, so browser tests run with the network closed.

folium pages load Leaflet, jQuery, Bootstrap, Font Awesome and plugins from CDNs. The tests
answer each of those URLs from npm packages installed into a cache folder (``NPM_DIR``; the
packages are listed in ``NPM_PACKAGES``) through Playwright request routing, and abort
everything else that is not on 127.0.0.1. Map tiles get a placeholder PNG.

Gaps: files folium asks for that no npm package at the same version carries. They are answered
with a stand-in and listed in ``GAPS`` (url pattern -> what answers it):

- bootstrap 3.0.0 ``bootstrap-glyphicons.css`` (not on npm at that version): an empty stylesheet;
- folium's own ``leaflet.awesome.rotate.min.css`` (on GitHub only): an empty stylesheet;
- leaflet-measure 2.1.7 ``leaflet-measure.min.css`` (npm has only the non-minified
  ``leaflet-measure.css``): the non-minified file;
- leaflet.fullscreen 3.0.0 ``Control.FullScreen.min.js`` (npm has only ``Control.FullScreen.js``):
  the non-minified file.

Install the packages (needs npm; this file uses only the standard library so that CI can run it
before any virtual environment exists)::

    python3 tests/browser/assets.py install
"""

import json
import os
import pathlib
import re
import struct
import subprocess
import sys
import zlib

NPM_DIR = pathlib.Path(os.environ.get("AIR_ENCOUNTERS_NPM",
                                      pathlib.Path.home() / ".cache" / "air-encounters" / "npm"))

# The npm packages that carry folium 0.20's CDN files (same versions as folium's URLs).
# Leaflet.awesome-markers 2.0.2 is on npm only as the mirror "drmonty-leaflet-awesome-markers".
NPM_PACKAGES = [
    "leaflet@1.9.3",
    "jquery@3.7.1",
    "bootstrap@5.2.2",
    "@fortawesome/fontawesome-free@6.2.0",
    "drmonty-leaflet-awesome-markers@2.0.2",
    "leaflet-measure@2.1.7",
    "leaflet.fullscreen@3.0.0",
    # Not a folium file: the static site (helpers/classroom/site.py) copies its dist/embed.js to show
    # widgets in their saved state (ipywidgets 8 pairs with html-manager 1.x).
    "@jupyter-widgets/html-manager@1.0.15",
]

INSTALL_COMMAND = "python3 tests/browser/assets.py install"

EMPTY_CSS = b"/* stand-in: this file has no npm package (see tests/browser/assets.py) */\n"

# (regex on the URL, npm package, version, path template inside the package)
_RULES = [
    # cdn.jsdelivr.net/npm/<package>@<version>/<path>: the npm package itself.
    (re.compile(r"^https://cdn\.jsdelivr\.net/npm/(?P<pkg>(?:@[^/@]+/)?[^/@]+)@(?P<ver>[^/]+)/(?P<path>[^?#]+)"),
     None, None, "{path}"),
    (re.compile(r"^https://code\.jquery\.com/jquery-(?P<ver>\d+\.\d+\.\d+)(?P<min>\.min)?\.js"),
     "jquery", None, "dist/jquery{min}.js"),
    (re.compile(r"^https://cdnjs\.cloudflare\.com/ajax/libs/Leaflet\.awesome-markers/(?P<ver>[^/]+)/"
                r"(?P<path>[^?#]+\.js)"), "drmonty-leaflet-awesome-markers", None, "js/{path}"),
    (re.compile(r"^https://cdnjs\.cloudflare\.com/ajax/libs/Leaflet\.awesome-markers/(?P<ver>[^/]+)/"
                r"(?P<path>[^?#]+)"), "drmonty-leaflet-awesome-markers", None, "css/{path}"),
    # cdn.jsdelivr.net/gh/ljagis/leaflet-measure@<version>/<path>: the same files on npm.
    (re.compile(r"^https://cdn\.jsdelivr\.net/gh/ljagis/leaflet-measure@(?P<ver>[^/]+)/(?P<path>[^?#]+)"),
     "leaflet-measure", None, "{path}"),
]

GAPS = {
    "netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css": "empty stylesheet",
    "cdn.jsdelivr.net/gh/python-visualization/folium/folium/templates/leaflet.awesome.rotate.min.css":
        "empty stylesheet",
    "leaflet-measure@2.1.7/dist/leaflet-measure.min.css": "non-minified dist/leaflet-measure.css from npm",
    "leaflet.fullscreen@3.0.0/Control.FullScreen.min.js": "non-minified Control.FullScreen.js from npm",
}
_EMPTY_CSS_URLS = [re.compile(r"^https?://netdna\.bootstrapcdn\.com/bootstrap/3\.0\.0/css/bootstrap-glyphicons\.css"),
                   re.compile(r"^https://cdn\.jsdelivr\.net/gh/python-visualization/folium@?[^/]*/folium/templates/"
                              r"leaflet\.awesome\.rotate(\.min)?\.css")]

TILE_HOSTS = re.compile(r"^https?://([a-z]\.)?tile\.openstreetmap\.org/")

CONTENT_TYPES = {".js": "application/javascript", ".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml",
                 ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".eot": "application/vnd.ms-fontobject",
                 ".gif": "image/gif", ".map": "application/json"}


def content_type(path):
    return CONTENT_TYPES.get(pathlib.PurePath(str(path)).suffix, "application/octet-stream")


def placeholder_png(size=256, rgb=(170, 211, 223)):
    """A plain PNG tile (sea blue), made here so that no tile is ever fetched."""
    raw = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def _installed_version(package, npm_dir):
    try:
        meta = json.loads((npm_dir / "node_modules" / package / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta.get("version")


class Resolver:
    """Answers a CDN URL with a local file (or a stand-in); None if it does not know the URL."""

    def __init__(self, npm_dir=NPM_DIR):
        self.npm_dir = pathlib.Path(npm_dir)

    def available(self):
        """Names of the packages in NPM_PACKAGES that are missing (or at another version)."""
        missing = []
        for spec in NPM_PACKAGES:
            name, _, version = spec.rpartition("@")
            if _installed_version(name, self.npm_dir) != version:
                missing.append(spec)
        return missing

    def resolve(self, url):
        """(body bytes, content type, how) for a CDN URL, or None.

        ``how`` is the local file's path, or a description of the stand-in for a gap."""
        for pattern in _EMPTY_CSS_URLS:
            if pattern.match(url):
                return EMPTY_CSS, "text/css", "stand-in: empty stylesheet"
        for pattern, package, _, template in _RULES:
            m = pattern.match(url)
            if not m:
                continue
            groups = m.groupdict()
            pkg = package or groups["pkg"]
            if _installed_version(pkg, self.npm_dir) != groups["ver"]:
                return None
            rel = template.format(path=groups.get("path") or "", min=groups.get("min") or "")
            base = self.npm_dir / "node_modules" / pkg
            path = base / rel
            how = str(path)
            if not path.is_file():
                # Gaps: the .min file is not in the npm package; answer with the non-minified one.
                plain = base / re.sub(r"\.min\.(js|css)$", r".\1", rel)
                if plain == path or not plain.is_file():
                    return None
                path, how = plain, f"stand-in: {plain} (npm has no {rel})"
            if not path.resolve().is_relative_to(base.resolve()):
                return None
            return path.read_bytes(), content_type(path), how
        return None


def folium_cdn_urls():
    """Every CDN URL folium's Map and the plugins helpers.maps uses ask for."""
    import folium
    from folium import plugins

    urls = []
    for cls in (folium.Map, plugins.MeasureControl, plugins.Fullscreen):
        urls += [u for _, u in cls.default_js] + [u for _, u in cls.default_css]
    return urls


def install(npm_dir=NPM_DIR):
    """npm install NPM_PACKAGES into npm_dir (no scripts, no audit)."""
    npm_dir = pathlib.Path(npm_dir)
    npm_dir.mkdir(parents=True, exist_ok=True)
    cmd = ["npm", "install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error",
           "--prefix", str(npm_dir), *NPM_PACKAGES]
    print("assets: " + " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)
    missing = Resolver(npm_dir).available()
    if missing:
        raise SystemExit(f"assets: still missing after npm install: {missing}")
    print(f"assets: {len(NPM_PACKAGES)} npm packages ready in {npm_dir}")


if __name__ == "__main__":
    if sys.argv[1:] == ["install"]:
        missing = Resolver().available()
        if missing:
            install()
        else:
            print(f"assets: npm packages already in {NPM_DIR}")
    elif sys.argv[1:] == ["where"]:
        print(NPM_DIR)
    else:
        raise SystemExit("usage: python3 tests/browser/assets.py install|where")
