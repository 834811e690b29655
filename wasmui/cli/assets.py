"""A built site's own files: the project's static files under content-hashed names, and
the pages with their references rewritten to them (#25).

What goes in: everything under ``static/``, files with a web type (stylesheets, scripts,
images, fonts, media, ...) anywhere in the project outside its Python package, tests,
hidden folders and build output, a host's well-known files at the top (``robots.txt``,
``CNAME``, ``_headers``, ...), the project's other HTML pages, and anything a page or a
stylesheet loads. Each file but a page and a well-known file is written twice: under
``name.<hash>.ext``, which the pages' and stylesheets' references are rewritten to (a
host may cache it forever: a changed file gets a new name), and under its own name, for
URLs written in Python code or built at run time, which no build can rewrite.

Rewritten references are absolute, under the site's base path (``/`` by default,
``wasmui build --base /repo/`` for a site under a sub-path, as GitHub Pages project sites
are), so the same page works at any depth: ``/cart`` served with ``index.html``, or from
``404.html``. A page that loads a file the build does not have (a ``<link
rel="stylesheet">``, ``<script src>``, ``<img src>``, a stylesheet's ``url()``) fails the
build, naming the page and the file: the alternative is a site that is broken only once
deployed. Links (``<a href>``) may name routes, so a missing target is left alone.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Callable
from pathlib import Path

from .errors import CliError


def content_hash(data: bytes) -> str:
    """Twelve hex digits of SHA-256: a file name that changes exactly when its bytes do, so
    a browser may cache it for ever, and short enough to read in a URL."""
    return hashlib.sha256(data).hexdigest()[:12]

ASSET_TYPES = frozenset({
    ".css", ".js", ".mjs", ".json", ".webmanifest", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif",
    ".ico", ".bmp", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".mp3", ".mp4", ".webm", ".ogg", ".wav", ".pdf",
})  # fmt: skip
"""Files of these types are the site's wherever they are in the project (outside SKIPPED)."""

WELL_KNOWN = frozenset({"robots.txt", "sitemap.xml", "ads.txt", "humans.txt", "CNAME", "_headers", "_redirects", ".nojekyll"})
"""Top-level files a host reads by name: copied as they are, never renamed."""

SKIPPED = frozenset({"dist", "build", "tests", "test", "node_modules", "venv", "env", "htmlcov", "src", "__pycache__"})
"""Folders that are not the site (plus hidden ones, ``*.egg-info`` and the Python package)."""

NOT_SITE = frozenset({"package.json", "package-lock.json", "tsconfig.json", "wasmui.js"})
"""Top-level files with a web type that are tooling, not the site (``wasmui.js`` is the
build's own boot script, written under its hashed name)."""

# A reference that makes the page load a file: a missing one fails the build.
_LOADS = {"script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"), "video": ("src", "poster"),
          "audio": ("src",), "track": ("src",), "embed": ("src",), "object": ("data",), "input": ("src",)}  # fmt: skip
_LOADING_RELS = {"stylesheet", "icon", "apple-touch-icon", "mask-icon", "manifest", "preload", "modulepreload", "prefetch"}
_TAG = re.compile(r"<!--.*?-->|<(script|style)\b([^>]*)>(.*?)</\1\s*>|<wasmui-app\b.*?</wasmui-app\s*>|<([a-zA-Z][\w-]*)\b([^>]*)>", re.S | re.I)
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
_CSS_REFERENCE = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)|@import\s+(["'])([^"']+)\3""")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//|^#")


def normalize_base(base: str) -> str:
    """``--base``: a path from the host's root (``/``, ``/repo/``), or a full URL."""
    if not (base.startswith("/") or re.match(r"^https?://", base)):
        raise CliError(f"--base {base!r}: expected a path from the site's root such as /repo/ (or a full URL)")
    return base if base.endswith("/") else base + "/"


class Site:
    """The built site's files: what is in it, under which names, and its pages' references.

    Args:
        root: the project folder.
        out: the output folder (files the build itself wrote there, the runtime and the
            boot script, are referenced as they are).
        base: the URL path the site is served under (see :func:`normalize_base`).
        skip: more folders of ``root`` that are not the site (its package, its output).
        finish: what every page gets once its references are rewritten (the build adds
            the runtime's hints: they are absolute URLs already).
    """

    def __init__(self, root: Path, out: Path, base: str = "/", skip: tuple[Path, ...] = (), finish=None):
        self.root, self.out, self.base = root.resolve(), out, normalize_base(base)
        self._finish = finish or (lambda page: page)
        self._skip = {path.resolve() for path in skip}
        self.names: dict[str, str] = {}
        """Project-relative path -> the output path pages refer to (hashed)."""
        self._sources = {relative: self.root / relative for relative in self._project_files()}
        self._busy: set[str] = set()

    def copy_files(self, prepare: Callable[[str], str] = lambda markup: markup) -> None:
        """Writes every static file (a stylesheet with its own references rewritten) and the
        project's other pages, each as ``prepare`` makes it from its markup."""
        for relative in sorted(self._sources):
            if relative.endswith(".html"):
                if (self.out / relative).exists():
                    continue  # the build's page, written by the build
                self.write_page(relative, prepare(self._sources[relative].read_text()), source=relative)
            else:
                self._output(relative, referrer=relative)

    def url(self, output_path: str) -> str:
        """The absolute URL of a file of the output folder."""
        return self.base + output_path

    def write_page(self, output_path: str, markup: str, source: str = "index.html") -> Path:
        """Writes a page into the output folder with its references rewritten
        (:meth:`rewrite_page`; ``source``: the project page it was made from). Every page
        of the build goes through here: the project's page, ``404.html``, each
        pre-rendered route's HTML."""
        target = self.out / output_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(self._finish(self.rewrite_page(markup, source)))
        return target

    def rewrite_page(self, markup: str, source: str) -> str:
        """``markup`` with each reference to a site file made absolute under the base, to its
        hashed name; ``source`` (project-relative) is where relative references start from.
        A ``<wasmui-app>``'s pre-rendered view is left as its component rendered it."""

        def tag(match: re.Match) -> str:
            whole = match.group(0)
            if match.group(1):  # <script>...</script> or <style>...</style>
                name, attributes, body = match.group(1).lower(), match.group(2), match.group(3)
                start = self._rewrite_tag(name, attributes, source)
                if name == "style":
                    body = self._rewrite_css(body, source)
                return f"<{match.group(1)}{start}>{body}</{match.group(1)}>"
            if match.group(4) is None:
                return whole  # a comment, or a <wasmui-app> with its first view
            return f"<{match.group(4)}{self._rewrite_tag(match.group(4).lower(), match.group(5), source)}>"

        return _TAG.sub(tag, markup)

    def _rewrite_tag(self, name: str, attributes: str, source: str) -> str:
        rel = set((re.search(r"""\brel\s*=\s*["']?([^"'>]*)""", attributes, re.I) or [None, ""])[1].lower().split())
        loads = set(_LOADS.get(name, ()))
        if name == "link":
            loads = {"href"} if rel & _LOADING_RELS else set()

        def attribute(match: re.Match) -> str:
            key, quoted = match.group(1).lower(), match.group(2)
            if quoted is None or key not in {"src", "href", "srcset", "poster", "data"}:
                return match.group(0)
            quote = quoted[0] if quoted[0] in "\"'" else ""
            value = quoted[1:-1] if quote else quoted
            required = key in loads
            if key == "srcset":
                value = ", ".join(self._reference(part.strip(), source, required, f"<{name}>") for part in value.split(","))
            else:
                value = self._reference(value, source, required, f"<{name}>")
            return f"{match.group(1)}={quote}{value}{quote}"

        return _ATTRIBUTE.sub(attribute, attributes)

    def _reference(self, value: str, source: str, required: bool, where: str) -> str:
        """One URL (a srcset candidate keeps its width after it), rewritten if it names a
        site file; a missing file a page loads is an error."""
        url, _, descriptor = value.partition(" ")
        if not url or _SCHEME.match(url):
            return value
        path, tail = re.match(r"([^?#]*)(.*)", url, re.S).groups()  # tail: ?query#fragment
        relative = posixpath.normpath(path.lstrip("/") if path.startswith("/") else posixpath.join(posixpath.dirname(source), path))
        found = self._output(relative, referrer=source) if not relative.startswith("..") else None
        if found is None:
            if required:
                raise CliError(f"{source} loads {url} ({where}), which is not in the project: "
                               f"{self.root / relative} does not exist")  # fmt: skip
            return value
        return self.url(found) + tail + (f" {descriptor}" if descriptor else "")

    def _rewrite_css(self, css: str, source: str) -> str:
        def reference(match: re.Match) -> str:
            url = match.group(2) or match.group(4)
            if url.startswith("data:"):
                return match.group(0)
            where = "url() in CSS" if match.group(2) else "@import in CSS"
            return match.group(0).replace(url, self._reference(url, source, True, where))

        return _CSS_REFERENCE.sub(reference, css)

    def _output(self, relative: str, referrer: str) -> str | None:
        """The output path of a project file (written on first use), or of a file the build
        itself wrote; ``None`` if neither exists."""
        if relative in self.names:
            return self.names[relative]
        source = self._sources.get(relative) or self._project_file(relative)
        if source is None:
            return relative if (self.out / relative).is_file() else None
        if relative in self._busy:
            raise CliError(f"{referrer} and {relative} import each other")
        self._busy.add(relative)
        data = source.read_bytes()
        if source.suffix == ".css":
            data = self._rewrite_css(data.decode(), relative).encode()
        self._busy.discard(relative)
        name = relative
        if posixpath.basename(relative) not in WELL_KNOWN and source.suffix != ".html":
            stem, suffix = posixpath.splitext(relative)
            name = f"{stem}.{content_hash(data)}{suffix}"
            (self.out / name).parent.mkdir(parents=True, exist_ok=True)
            (self.out / name).write_bytes(data)
        (self.out / relative).parent.mkdir(parents=True, exist_ok=True)
        (self.out / relative).write_bytes(data)
        self.names[relative] = name
        return name

    def _project_file(self, relative: str) -> Path | None:
        """A file a page names that the scan left out (any type, outside skipped folders)."""
        path = (self.root / relative).resolve()
        if not path.is_file() or self.root not in path.parents or self._skipped(path):
            return None
        return path

    def _skipped(self, path: Path) -> bool:
        parts = path.relative_to(self.root).parts[:-1]
        return any(part.startswith(".") or part in SKIPPED or part.endswith(".egg-info") for part in parts) or any(
            folder == path or folder in path.parents for folder in self._skip
        )

    def _project_files(self) -> list[str]:
        found = []
        for path in self.root.rglob("*"):
            if not path.is_file() or self._skipped(path):
                continue
            relative = path.relative_to(self.root).as_posix()
            top_level = "/" not in relative
            if relative.startswith("static/") or (top_level and path.name in WELL_KNOWN):
                found.append(relative)
            elif path.suffix.lower() in ASSET_TYPES and not (top_level and path.name in NOT_SITE):
                found.append(relative)
            elif path.suffix.lower() == ".html" and top_level:
                found.append(relative)
        return found

