"""``wasmui build``: the app as a static folder any static host can serve, fully offline (#13).

The folder holds the page (in production mode), the boot script under a name with its
content hash, and ``pyodide/``: the runtime and only the wheels the app needs (each in
a folder named after its content hash), with a lock that lists only them. Every file
but the page and ``pyodide-lock.json`` may be cached forever; those two are small and
should be revalidated. Each ``<wasmui-app>`` holds its component's first view, rendered here
(:mod:`wasmui.cli.prerender`), so the UI paints before Pyodide loads. With ``--cdn`` the page loads the runtime (about 10 MB) from a CDN instead
(jsDelivr's copy of the same npm release by default) and ``pyodide/`` holds only the
lock and the wheels.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
from importlib import resources
from pathlib import Path

from .dist import assemble
from .errors import CliError
from .prerender import prerender_page
from .project import Project
from .runtime import CDN_URL
from .wheels import wasmui_wheel


def boot_script() -> bytes:
    """``wasmui.js`` (boot() and ``<wasmui-app>``), shipped in the wasmui package."""
    return resources.files("wasmui").joinpath("js/wasmui.js").read_bytes()


def build(project: Project, out: Path, cdn: str | None = None) -> Path:
    """Writes the static site of ``project`` into ``out`` (replacing what was there).

    Args:
        cdn: load the runtime from this URL (a folder holding ``pyodide.mjs``) instead
            of shipping it; ``""`` means jsDelivr's copy of the pinned release.
    """
    if not project.page.exists():
        raise CliError(f"{project.page} does not exist: the page to build ([tool.wasmui] page in pyproject.toml)")
    if out.resolve() in (project.root.resolve(), *project.root.resolve().parents):
        raise CliError(f"wasmui build --out {out}: would replace the project itself")
    shutil.rmtree(out, ignore_errors=True)
    wheels_dir = out / "pyodide"
    scratch = project.root / ".wasmui" / "wheels"
    assemble(wheels_dir, [wasmui_wheel(scratch), project.wheel(scratch)], copy_runtime=cdn is None, content_addressed=True)
    script = boot_script()
    script_name = f"wasmui.{hashlib.sha256(script).hexdigest()[:12]}.js"
    (out / script_name).write_bytes(script)
    page = production_page(project.page.read_text(), script_name)
    page, notes = prerender_page(page, [project.package_dir.parent])
    for note in notes:
        print(f"wasmui build: {note}")
    runtime = "pyodide/"
    if cdn is not None:
        runtime = cdn or CDN_URL
        page = _with_meta(page, "wasmui-pyodide", runtime)
        page = _with_meta(page, "wasmui-package-base", "pyodide/")
    lock = json.loads((wheels_dir / "pyodide-lock.json").read_text())
    wheels = [f"pyodide/{entry['file_name']}" for entry in lock["packages"].values()]
    page = with_preloads(page, script_name, runtime, wheels)
    (out / project.page.name).write_text(page)
    return out


def production_page(source: str, script_name: str) -> str:
    """The page with its boot script renamed and production mode chosen."""
    page, count = re.subn(r'(["\'])(?:\./)?wasmui\.js\1', f"\\g<1>{script_name}\\g<1>", source)
    if count == 0:
        raise CliError('the page loads no "wasmui.js" (add <script type="module" src="wasmui.js"></script>)')
    return page if 'name="wasmui-mode"' in page else _with_meta(page, "wasmui-mode", "production")


def with_preloads(page: str, script: str, runtime: str, wheels: list[str]) -> str:
    """``page`` with hints that start every download of the start at once, while the page
    is parsed: without them the runtime's files wait for the boot script, and the wheels
    for the runtime (each step finds the next one's URL only when it runs)."""
    runtime = runtime if runtime.endswith("/") else runtime + "/"
    modules = [script, f"{runtime}pyodide.mjs", f"{runtime}pyodide.asm.mjs"]
    fetched = [f"{runtime}pyodide.asm.wasm", f"{runtime}python_stdlib.zip", "pyodide/pyodide-lock.json", *wheels]
    hints = [f'<link rel="modulepreload" href="{html.escape(url)}">' for url in modules]
    hints += [f'<link rel="preload" href="{html.escape(url)}" as="fetch" crossorigin>' for url in fetched]
    anchor = r"(<meta charset[^>]*>)" if re.search(r"<meta charset", page) else r"(<head[^>]*>)"
    return re.sub(anchor, lambda match: match.group(1) + "".join(f"\n  {hint}" for hint in hints), page, count=1)


def _with_meta(page: str, name: str, content: str) -> str:
    """``page`` with ``<meta name=... content=...>`` early in its head (after <meta charset>,
    which must come first)."""
    tag = f'<meta name="{name}" content="{html.escape(content)}">'
    anchor = r"(<meta charset[^>]*>)" if re.search(r"<meta charset", page) else r"(<head[^>]*>)"
    return re.sub(anchor, lambda match: f"{match.group(1)}\n  {tag}", page, count=1)
