"""``wasmui build``: the app as a static folder any static host can serve, fully offline (#13).

The folder holds the page (in production mode), the boot script under a name with its
content hash (cache it forever; the page itself is small and revalidated), and
``pyodide/``: the runtime and only the wheels the app needs, with a lock that lists
only them.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from importlib import resources
from pathlib import Path

from .dist import assemble
from .errors import CliError
from .project import Project
from .wheels import wasmui_wheel

PRODUCTION_META = '<meta name="wasmui-mode" content="production">'


def boot_script() -> bytes:
    """``wasmui.js`` (boot() and ``<wasmui-app>``), shipped in the wasmui package."""
    return resources.files("wasmui").joinpath("js/wasmui.js").read_bytes()


def build(project: Project, out: Path) -> Path:
    """Writes the static site of ``project`` into ``out`` (replacing what was there)."""
    if not project.page.exists():
        raise CliError(f"{project.page} does not exist: the page to build ([tool.wasmui] page in pyproject.toml)")
    if out.resolve() in (project.root.resolve(), *project.root.resolve().parents):
        raise CliError(f"wasmui build --out {out}: would replace the project itself")
    shutil.rmtree(out, ignore_errors=True)
    wheels_dir = out / "pyodide"
    assemble(wheels_dir, [wasmui_wheel(project.root / ".wasmui" / "wheels"), project.wheel(project.root / ".wasmui" / "wheels")])
    script = boot_script()
    script_name = f"wasmui.{hashlib.sha256(script).hexdigest()[:12]}.js"
    (out / script_name).write_bytes(script)
    (out / project.page.name).write_text(production_page(project.page.read_text(), script_name))
    return out


def production_page(html: str, script_name: str) -> str:
    """The page with its boot script renamed and production mode chosen."""
    page, count = re.subn(r'(["\'])(?:\./)?wasmui\.js\1', f"\\g<1>{script_name}\\g<1>", html)
    if count == 0:
        raise CliError('the page loads no "wasmui.js" (add <script type="module" src="wasmui.js"></script>)')
    if 'name="wasmui-mode"' not in page:  # after <meta charset>, which must come first
        anchor = r"(<meta charset[^>]*>)" if re.search(r"<meta charset", page) else r"(<head[^>]*>)"
        page = re.sub(anchor, f"\\1\n  {PRODUCTION_META}", page, count=1)
    return page
