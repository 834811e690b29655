"""Headless Chromium for ``wasmui test`` (and this repository's own tests): the flags that
work on machines without a display or a network, and the driver selenium should use."""

from __future__ import annotations

import os
import shutil

from .errors import CliError

CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    # without these, Chromium keeps trying to reach Google's hosts, here through a closed network
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--js-flags=--expose-gc",
    "--window-size=1366,900",
]


def browser_environment() -> dict[str, str]:
    """Environment for selenium: the installed ChromeDriver, no download attempt."""
    driver = os.environ.get("SE_CHROMEDRIVER") or shutil.which("chromedriver")
    if driver is None:
        raise CliError(
            "browser tests need Chromium and ChromeDriver (Debian: apt-get install chromium chromium-driver; "
            "or set SE_CHROMEDRIVER to a chromedriver)"
        )
    return {"SE_OFFLINE": "true", "SE_CHROMEDRIVER": driver}
