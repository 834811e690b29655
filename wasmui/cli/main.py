"""``wasmui`` / ``python -m wasmui``: new, dev, test, build, dist."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import CliError

USAGE = """wasmui new NAME [--main-thread]   a project that works at once (Python in a Web Worker, or on the page)
  wasmui dev [--port N] [--isolated]   serve it, reloading what you edit without reloading the page
  wasmui test [PYTEST ARGS]    its tests, on the model DOM and in headless Chromium (--engine all: + Firefox, WebKit)
  wasmui build [--out DIR] [--base /PATH/] [--cdn [URL]] [--worker] [--no-compress]
                               a static site, production mode, fully offline
  wasmui serve [DIR] [--port N] [--isolated]   a built site over HTTP: compressed, deep links answered, hashed files cached
  wasmui dist --out DIR        just the Pyodide dist (runtime, wheels, lock), e.g. for pytest-pyodide"""


ISOLATED_HELP = ("send Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp, "
                 "so worker mode's synchronous DOM reads (dom.read_now) work")  # fmt: skip


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="wasmui", description="Python UI components in the browser.", usage=USAGE)
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    new = commands.add_parser("new", help="create a project")
    new.add_argument("name")
    new.add_argument("--main-thread", dest="worker", action="store_false",
                     help="run Python on the page's main thread, not in a Web Worker (the default)")  # fmt: skip
    dev = commands.add_parser("dev", help="serve the project with hot reload")
    dev.add_argument("--port", type=int, default=8000, help="0 picks a free port (default 8000)")
    dev.add_argument("--host", default="127.0.0.1")
    dev.add_argument("--isolated", action="store_true", help=ISOLATED_HELP)
    commands.add_parser("test", help="run the project's tests (arguments go to pytest)", add_help=False)
    build = commands.add_parser("build", help="build the static site")
    build.add_argument("--out", type=Path, default=None, help="default: dist/ in the project")
    build.add_argument("--cdn", nargs="?", const="", default=None, metavar="URL",
                       help="load the Pyodide runtime from a CDN (default URL: jsDelivr) instead of shipping it")  # fmt: skip
    build.add_argument("--base", default="/", metavar="/PATH/",
                       help="the URL path the site is served under, e.g. /repo/ for a GitHub Pages project site (default /)")  # fmt: skip
    build.add_argument("--worker", action="store_true",
                       help="run Python in a Web Worker: the page's main thread never blocks on it (sets <meta name=wasmui-worker>)")  # fmt: skip
    build.add_argument("--no-compress", dest="compress", action="store_false",
                       help="skip the .br and .gz copies (a quicker build, for a host that compresses itself)")  # fmt: skip
    serve = commands.add_parser("serve", help="serve a built site (compressed, deep links answered, hashed files cached)")
    serve.add_argument("directory", type=Path, nargs="?", default=Path("dist"), help="default: dist")
    serve.add_argument("--port", type=int, default=8000, help="0 picks a free port (default 8000)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--isolated", action="store_true", help=ISOLATED_HELP)
    dist = commands.add_parser("dist", help="assemble a Pyodide dist")
    dist.add_argument("--out", type=Path, required=True)
    dist.add_argument("--no-project", action="store_true", help="only wasmui (and --package), no project wheel")
    dist.add_argument("--test", action="store_true", help="add pytest's wheels, for pytest-pyodide")
    dist.add_argument("--package", action="append", default=[], metavar="NAME==VERSION", help="a PyPI wheel to add")
    return top


def main(argv: list[str] | None = None) -> int:
    top = parser()
    args, rest = top.parse_known_args(argv)
    if args.command == "test":
        args.pytest_args = rest  # everything after `wasmui test` is pytest's
    elif rest:
        top.error(f"unrecognized arguments: {' '.join(rest)}")
    try:
        return _run(args)
    except CliError as exc:
        print(f"wasmui {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _run(args: argparse.Namespace) -> int:
    from .project import load_project

    if args.command == "new":
        from .scaffold import new_project

        root = new_project(Path.cwd(), args.name, worker=args.worker)
        print(f"created {root}\n\n  cd {args.name}\n  wasmui dev      # http://127.0.0.1:8000/\n  wasmui test\n  wasmui build")
        return 0
    if args.command == "serve":
        from .staticserve import serve

        if not args.directory.is_dir():
            raise CliError(f"{args.directory} is not a folder (run `wasmui build` first?)")
        return serve(args.directory, args.host, args.port, isolated=args.isolated)
    if args.command == "dist":
        return _dist(args, None if args.no_project else load_project(Path.cwd()))
    project = load_project(Path.cwd())
    if args.command == "test":
        from .testrun import run_tests

        return run_tests(project, args.pytest_args)
    if args.command == "build":
        from .build import build

        out = build(project, args.out or project.root / "dist", cdn=args.cdn, base=args.base, compress=args.compress, worker=args.worker)
        print(f"built {out} (serve it with any static server, or: wasmui serve {out})")
        return 0
    from .devserver import serve

    return serve(project, args.host, args.port, isolated=args.isolated)


def _dist(args: argparse.Namespace, project) -> int:
    from .dist import assemble
    from .runtime import cache_dir
    from .wheels import TEST_WHEELS, download, wasmui_wheel

    scratch = cache_dir() / "dist-wheels"
    wheels = [wasmui_wheel(scratch)]
    if project is not None:
        wheels.append(project.wheel(scratch))
    requirements = (*TEST_WHEELS, *args.package) if args.test else tuple(args.package)
    wheels += download(requirements, cache_dir() / "wheels")
    assemble(args.out, wheels)
    print(f"assembled {args.out}")
    return 0
