"""The page a station loads is Flet's own index.html with one script added (assets/station.js): a Flet
upgrade that changes its page fails here, not silently on the floor."""

from __future__ import annotations

from pathlib import Path

import flet_web

ROOT = Path(__file__).resolve().parents[2]
TAG = ('\n  <!-- Floor: label PDFs inside the page, scans kept while the link is down (assets/station.js) -->\n'
       '  <script src="station.js"></script>\n')


def test_the_served_index_is_flets_own_with_the_station_script_before_flutter_starts():
    ours = (ROOT / "assets" / "index.html").read_text(encoding="utf-8")
    flets = (Path(flet_web.__file__).parent / "web" / "index.html").read_text(encoding="utf-8")
    assert ours.replace(TAG, "", 1) == flets
    assert ours.index('src="station.js"') < ours.index("flutter_bootstrap.js")   # it wraps the websocket first
    assert (ROOT / "assets" / "station.js").is_file()
