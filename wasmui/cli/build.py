"""``wasmui build``: the app as a static folder any static host can serve, fully offline (#13, #25).

The folder holds the page (in production mode) and ``404.html`` (the page static hosts
send for a deep link such as ``/cart``: the same page, or a routed app's page with its
views left to the router), the boot script and the DOM applier
(which worker mode's page runs, #26) under names with their content hashes, the project's static files (:mod:`wasmui.cli.assets`: hashed names,
references rewritten, a page loading a missing file fails the build), and ``pyodide/``:
the runtime, with its standard library repacked (:mod:`wasmui.cli.stdlib`), and only the
wheels the app needs (each in a folder named after its content hash), with a lock that
lists only them. A package listed in ``[tool.wasmui] lazy`` gets a wheel of its own, in
the lock but not in the page's preload hints: :func:`wasmui.lazy` loads it when a view
needs it (#24). Beside every compressible file are its ``.br`` and ``.gz``
(:mod:`wasmui.cli.compress`), which ``wasmui serve`` and a configured host send instead.
Every hashed name may be cached forever; the rest should be revalidated (docs/deploy.md).

Each ``<wasmui-app>`` holds its component's first view, rendered here
(:mod:`wasmui.cli.prerender`), so the UI paints before Pyodide loads. With ``--cdn`` the
page loads the runtime (about 10 MB) from a CDN instead (jsDelivr's copy of the same npm
release by default) and ``pyodide/`` holds only the lock and the wheels.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from .assets import Site, content_hash, normalize_base
from .compress import compress_site
from .dist import assemble
from .errors import CliError
from .prerender import prerender_page, route_files, start_tag_attributes
from .project import Project
from .runtime import CDN_URL, cache_dir, pyodide_runtime
from .stdlib import repack_stdlib
from .wheels import wasmui_wheel


APPLIER_URL = b'"wasmui-applier.js"'
"""How ``wasmui.js`` names the DOM applier it loads beside itself in worker mode (#26)."""


def boot_script() -> bytes:
    """``wasmui.js`` (boot() and ``<wasmui-app>``), shipped in the wasmui package."""
    return resources.files("wasmui").joinpath("js/wasmui.js").read_bytes()


def applier_script() -> bytes:
    """The DOM applier as a script of its own: worker mode's page runs it (in main-thread
    mode Python hands the same code to the page itself)."""
    return resources.files("wasmui").joinpath("js/applier.js").read_bytes()


class HashedScripts(NamedTuple):
    """The boot script and the applier under names with their content hashes (cacheable
    forever), the boot script naming the applier's hashed name."""

    boot_name: str
    boot: bytes
    applier_name: str
    applier: bytes


def hashed_scripts() -> HashedScripts:
    """Every build ships the applier: a page that turns worker mode on itself
    (``boot({worker: true})``) needs it too."""
    applier = applier_script()
    applier_name = f"wasmui-applier.{content_hash(applier)}.js"
    script = boot_script()
    if script.count(APPLIER_URL) != 1:
        raise CliError(f"wasmui.js no longer names {APPLIER_URL.decode()} once: the build cannot point it at the hashed applier")
    script = script.replace(APPLIER_URL, f'"{applier_name}"'.encode())
    return HashedScripts(f"wasmui.{content_hash(script)}.js", script, applier_name, applier)


def build(project: Project, out: Path, cdn: str | None = None, base: str = "/", compress: bool = True, worker: bool = False) -> Path:
    """Writes the static site of ``project`` into ``out`` (replacing what was there).

    Args:
        cdn: load the runtime from this URL (a folder holding ``pyodide.mjs``) instead
            of shipping it; ``""`` means jsDelivr's copy of the pinned release.
        base: the URL path the site is served under (``/repo/`` for
            ``https://user.github.io/repo/``): every reference the build writes is
            absolute under it, so a page works at any depth.
        compress: write the ``.br`` and ``.gz`` copies (the first build on a machine
            compresses the runtime once, about 50 s; later builds reuse it). Without
            them the standard library stays deflated inside its zip, for a host that
            sends files as they are.
        worker: run Python in a Web Worker (``<meta name="wasmui-worker" content="on">``
            in every page): the page's main thread only applies commits and forwards events.
    """
    if not project.page.exists():
        raise CliError(f"{project.page} does not exist: the page to build ([tool.wasmui] page in pyproject.toml)")
    if out.resolve() in (project.root.resolve(), *project.root.resolve().parents):
        raise CliError(f"wasmui build --out {out}: would replace the project itself")
    shutil.rmtree(out, ignore_errors=True)
    wheels_dir = out / "pyodide"
    scratch = project.root / ".wasmui" / "wheels"
    main_wheel, lazy_wheels = project.split_wheels(scratch)
    assemble(wheels_dir, [wasmui_wheel(scratch), main_wheel, *lazy_wheels], copy_runtime=cdn is None, content_addressed=True)
    if cdn is None:
        stdlib = pyodide_runtime() / "python_stdlib.zip"
        repack_stdlib(stdlib, wheels_dir / stdlib.name, cache_dir() / "stdlib", stored=compress)
    scripts = hashed_scripts()
    (out / scripts.boot_name).write_bytes(scripts.boot)
    (out / scripts.applier_name).write_bytes(scripts.applier)
    base = normalize_base(base)
    page = built_page(project, scripts, worker)
    in_worker = worker_mode_of(page)
    site = Site(project.root, out, base, skip=(project.package_dir, out), finish=lambda page: with_runtime(page, base, cdn, wheels_dir, lazy_wheels, in_worker))
    page_name = project.page.relative_to(project.root).as_posix()
    site.write_page(page_name, page, source=page_name)
    pages = dict(route_files(page, [project.package_dir.parent]))  # a page per route (#24)
    pages.setdefault("404.html", page)  # an app without routes: the same app at any address
    for path, text in pages.items():
        site.write_page(path, text, source=page_name)
    # the project's other pages: those that boot wasmui are built as its page is
    site.copy_files(prepare=lambda markup: built_page(project, scripts, worker, markup) if loads_wasmui(markup) else markup)
    if compress:
        compress_site(out, cache_dir() / "compressed")
    return out


def built_page(project: Project, scripts: HashedScripts, worker: bool = False, markup: str | None = None) -> str:
    """A page of the project (its page, or another page's ``markup``) in production mode,
    its components' first views rendered in, and with ``worker``, in worker mode (a page's
    own wasmui-worker meta tag wins)."""
    page = production_page(project.page.read_text() if markup is None else markup, scripts)
    if worker and _worker_meta(page) is None:
        page = _with_meta(page, "wasmui-worker", "on")
    page, notes = prerender_page(page, [project.package_dir.parent])
    for note in notes:
        print(f"wasmui build: {note}")
    return page


def worker_mode_of(page: str) -> bool:
    """Whether ``page`` runs Python in a worker: its wasmui-worker meta tag says "on", as
    wasmui.js reads it (a page that calls ``boot({worker: true})`` from its own script
    cannot be told from its HTML)."""
    return _worker_meta(page) == "on"


def _worker_meta(page: str) -> str | None:
    """The content of ``page``'s ``<meta name="wasmui-worker">``, whatever its attributes'
    order and quotes; None without one."""
    for tag in re.findall(r"<meta\b[^>]*>", page, re.I):
        found = start_tag_attributes(tag)
        if found.get("name") == "wasmui-worker":
            return found.get("content", "").strip()
    return None


def with_runtime(page: str, base: str, cdn: str | None, wheels_dir: Path, lazy: list[Path] = (), in_worker: bool = False) -> str:
    """``page`` with where its runtime is (for ``--cdn``) and the hints that fetch it early
    (none for the ``lazy`` wheels: they are downloaded when a view needs them; none at all
    in worker mode, where the worker fetches the runtime: a hinted download is the page's
    own, which a worker's request does not take over, so each file would come twice)."""
    runtime = f"{base}pyodide/"
    if cdn is not None:
        runtime = cdn or CDN_URL
        page = _with_meta(page, "wasmui-pyodide", runtime)
        page = _with_meta(page, "wasmui-package-base", f"{base}pyodide/")
    if in_worker:
        return page
    lock = json.loads((wheels_dir / "pyodide-lock.json").read_text())
    later = {wheel.name for wheel in lazy}
    files = [entry["file_name"] for entry in lock["packages"].values()]
    wheels = [f"{base}pyodide/{name}" for name in files if name.rpartition("/")[2] not in later]
    return with_preloads(page, runtime, [f"{base}pyodide/pyodide-lock.json", *wheels])


def _quoted_url(name: str) -> re.Pattern:
    """``"name"`` or ``'./name'`` in a page: its script's URL, relative to the page."""
    return re.compile(rf'(["\'])(?:\./)?{re.escape(name)}\1')


def loads_wasmui(page: str) -> bool:
    """Whether ``page`` loads wasmui's boot script (so the build makes it a production page)."""
    return _quoted_url("wasmui.js").search(page) is not None


def production_page(source: str, scripts: HashedScripts) -> str:
    """The page with its boot script (and the applier, which a page under a strict
    Content-Security-Policy loads itself) renamed, and production mode chosen."""
    page, counts = source, {}
    for name, hashed in (("wasmui.js", scripts.boot_name), ("wasmui-applier.js", scripts.applier_name)):
        page, counts[name] = _quoted_url(name).subn(f"\\g<1>{hashed}\\g<1>", page)
    if counts["wasmui.js"] == 0:
        raise CliError('the page loads no "wasmui.js" (add <script type="module" src="wasmui.js"></script>)')
    return page if 'name="wasmui-mode"' in page else _with_meta(page, "wasmui-mode", "production")


def with_preloads(page: str, runtime: str, files: list[str]) -> str:
    """``page`` with hints that start the runtime's and the wheels' downloads while the page
    is parsed (without them each step finds the next one's URL only when it runs).

    They come last in the head and at low priority: the page's own stylesheets, which
    the first paint waits for, go first, and on a slow link the browser holds the 13 MB
    of runtime back until they are in (at high priority, Lighthouse's slow-4G first paint
    of the gallery took 7.6 s). The boot script asks for the same files at high
    priority when it runs, and the browser hands each request the hinted download.
    """
    runtime = runtime if runtime.endswith("/") else runtime + "/"
    modules = [f"{runtime}pyodide.mjs", f"{runtime}pyodide.asm.mjs"]
    fetched = [f"{runtime}pyodide.asm.wasm", f"{runtime}python_stdlib.zip", *files]
    hints = [f'<link rel="modulepreload" href="{html.escape(url)}" fetchpriority="low">' for url in modules]
    hints += [f'<link rel="preload" href="{html.escape(url)}" as="fetch" crossorigin fetchpriority="low">' for url in fetched]
    block = "".join(f"  {hint}\n" for hint in hints)
    if re.search(r"</head\s*>", page, re.I):
        return re.sub(r"</head\s*>", lambda match: block + match.group(0), page, count=1, flags=re.I)
    return page + block


def _with_meta(page: str, name: str, content: str) -> str:
    """``page`` with ``<meta name=... content=...>`` early in its head (after <meta charset>,
    which must come first)."""
    tag = f'<meta name="{name}" content="{html.escape(content)}">'
    anchor = r"(<meta charset[^>]*>)" if re.search(r"<meta charset", page) else r"(<head[^>]*>)"
    return re.sub(anchor, lambda match: f"{match.group(1)}\n  {tag}", page, count=1)
