"""The demo site's page sources (www/pages/): their download hints must not delay the
first paint. On Lighthouse's slow-4G mobile preset, hints for the 13 MB runtime placed
before the stylesheet at high priority held the gallery's first paint back to 7.7 s;
after it, at low priority, it paints at 1.1 s (#25). wasmui build writes a project's
hints the same way (tests/host/test_build_assets.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PAGES = sorted((Path(__file__).resolve().parents[2] / "www" / "pages").glob("*.html"))
LINK = re.compile(r"<link\b[^>]*>", re.I)


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_download_hints_come_after_the_stylesheets_at_low_priority(page):
    head = page.read_text().split("</head>")[0]
    links = LINK.findall(head)
    hints = [i for i, link in enumerate(links) if re.search(r'rel="(module)?preload"', link)]
    sheets = [i for i, link in enumerate(links) if 'rel="stylesheet"' in link]
    assert hints and sheets, f"{page.name}: expected download hints and a stylesheet"
    assert min(hints) > max(sheets), f"{page.name}: a download hint comes before a stylesheet"
    slow = [links[i] for i in hints if 'fetchpriority="low"' not in links[i]]
    assert not slow, f"{page.name}: hints without fetchpriority=low: {slow}"
