#!/usr/bin/env bash
# wasmui build: assembles the fully offline site in www/ and runs it or its tests.
#
#   ./build.sh            build only (idempotent; quick when nothing changed)
#   ./build.sh serve [--port N]   build, then serve www/ on 127.0.0.1 (default 8000)
#   ./build.sh test [pytest args...]   build, then run the whole suite (host + Chromium, Firefox, WebKit;
#                                      --engine chromium picks one)
#   ./build.sh bench [--quick] [--runs N] [--soak N] [--engine E]   build, then run the benchmarks (prints numbers)
#
# Every install step lives here so that a fresh clone (and CI) needs nothing else:
# a host Python >= 3.12 venv with the dev tools (wasmui itself installed editable, with
# its `wasmui` command), the pinned npm Pyodide runtime, the wasmui distribution wheel
# (what `pip install` takes), and www/pyodide/ assembled by `wasmui dist`: the browser's
# wheel, the test wheels for inside Pyodide, and a pyodide-lock.json that lists them
# (docs/guide.md, "Building offline", says why each step is done this way).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

VENV="$ROOT/.venv"
CACHE="$ROOT/.cache"
DIST="$ROOT/dist"
SITE_RUNTIME="$ROOT/www/pyodide"
PYODIDE_NPM="$ROOT/node_modules/pyodide"
# Extra wheels the site's dist carries beyond wasmui and pytest's (for pytest-pyodide):
# micropip, for pages that install more at run time.
SITE_PACKAGES=(micropip==0.11.1)

log() { printf '\033[1m[build]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[build] error:\033[0m %s\n' "$*" >&2; exit 1; }

# Hash of the given files' contents: the key of each "rebuild only if changed" stamp.
hash_of() { cat "$@" 2>/dev/null | sha256sum | cut -c1-16; }

# --- host Python ---------------------------------------------------------------
python_ok() { "$1" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; }

find_python() {
  local candidates=("${WASMUI_PYTHON:-}" python3.14 python3.13 python3.12 python3)
  if command -v pyenv >/dev/null 2>&1; then
    local root; root="$(pyenv root)"
    # pyenv shims fail unless PYENV_VERSION names the version, so use its binaries.
    for v in $(ls -1 "$root/versions" 2>/dev/null | sort -rV); do candidates+=("$root/versions/$v/bin/python3"); done
  fi
  candidates+=(/usr/bin/python3.13 /usr/bin/python3.12 /usr/local/bin/python3.13 /usr/local/bin/python3.12)
  for c in "${candidates[@]}"; do
    [ -n "$c" ] && command -v "$c" >/dev/null 2>&1 && python_ok "$c" && { command -v "$c"; return 0; }
  done
  return 1
}

ensure_venv() {
  local stamp="$VENV/.wasmui-stamp" want
  want="$(hash_of pyproject.toml)"
  if [ -x "$VENV/bin/python" ] && python_ok "$VENV/bin/python" && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    return 0
  fi
  local py
  py="$(find_python)" || die "no Python >= 3.12 found. Install one (Debian: apt-get install python3.12-venv or python3.13-venv; pyenv: pyenv install 3.13) or set WASMUI_PYTHON=/path/to/python3.12+"
  log "host venv on $py ($("$py" -V))"
  [ -x "$VENV/bin/python" ] && python_ok "$VENV/bin/python" || { rm -rf "$VENV"; "$py" -m venv "$VENV"; }
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".[dev]"
  echo "$want" > "$stamp"
}

# --- Pyodide runtime from npm --------------------------------------------------
ensure_npm() {
  command -v npm >/dev/null 2>&1 || die "npm is missing (Debian: apt-get install nodejs npm)"
  local stamp="node_modules/.wasmui-stamp" want
  want="$(hash_of package-lock.json)"
  if [ -f "$PYODIDE_NPM/pyodide.asm.wasm" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    return 0
  fi
  log "npm ci (pyodide runtime)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
}

# --- wheels --------------------------------------------------------------------
build_wasmui_wheel() {
  local stamp="$DIST/.wasmui-stamp" want
  want="$(find wasmui -type f \( -name '*.py' -o -name '*.js' \) -print0 | sort -z | xargs -0 cat | cat - pyproject.toml | sha256sum | cut -c1-16)"
  if ls "$DIST"/wasmui-*.whl >/dev/null 2>&1 && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    return 0
  fi
  log "building the wasmui distribution wheel (dist/)"
  rm -rf "$DIST" build wasmui.egg-info
  "$VENV/bin/python" -m build --wheel --no-isolation --outdir "$DIST" . >/dev/null
  rm -rf build
  echo "$want" > "$stamp"
}

# --- www/pyodide: runtime + wheels + rewritten lock ------------------------------
assemble_site_runtime() {
  local stamp="$SITE_RUNTIME/.stamp" want
  want="$(hash_of "$DIST/.wasmui-stamp" node_modules/.wasmui-stamp build.sh)"
  if [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then return 0; fi
  log "assembling www/pyodide/ (wasmui dist: the command users run)"
  rm -rf "$SITE_RUNTIME"
  # The same code path as a user's `wasmui dist`/`build`/`test`: the npm runtime, wasmui's
  # browser wheel, pytest's wheels, and a pyodide-lock.json rewritten to list them.
  local packages=()
  for p in "${SITE_PACKAGES[@]}"; do packages+=(--package "$p"); done
  WASMUI_PYODIDE_DIR="$PYODIDE_NPM" XDG_CACHE_HOME="$CACHE" \
    "$VENV/bin/wasmui" dist --no-project --test "${packages[@]}" --out "$SITE_RUNTIME" >/dev/null
  cp "$PYODIDE_NPM"/pyodide.mjs.map "$PYODIDE_NPM"/pyodide.js.map "$SITE_RUNTIME/"
  echo "$want" > "$stamp"
}

# --- the site's copies of scripts kept elsewhere (cheap: every build) ----------------
copy_site_scripts() {
  # For pages under a strict CSP (no eval), which load the applier with <script src>.
  cp wasmui/js/applier.js www/wasmui-applier.js
  cp wasmui/js/wasmui.js www/wasmui.js
  # the benchmark's baselines: Preact (www/bench/preact.html) and Solid (www/bench/solid.html,
  # whose import map names these three modules)
  cp node_modules/preact/dist/preact.mjs www/bench/preact.mjs
  mkdir -p www/bench/solid
  cp node_modules/solid-js/dist/solid.js www/bench/solid/solid.js
  cp node_modules/solid-js/web/dist/web.js www/bench/solid/web.js
  cp node_modules/solid-js/html/dist/html.js www/bench/solid/html.js
}

# --- www/index.html, gallery-worker.html, embed.html: their first view pre-rendered ---
# The pages' sources are www/pages/; each component's first render goes into the page
# (as `wasmui build` does for a project), so the site paints its real UI at once.
render_site_pages() {
  local stamp="www/.pages-stamp" want
  want="$(hash_of www/pages/*.html www/gallery.py www/examples/*.py wasmui/*.py wasmui/reconcile/*.py wasmui/cli/prerender.py build.sh)"
  if [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] && [ -f www/index.html ] && [ -f www/gallery-worker.html ] && [ -f www/embed.html ]; then return 0; fi
  log "pre-rendering www/index.html, www/gallery-worker.html and www/embed.html"
  "$VENV/bin/python" - <<'PY'
import json
from pathlib import Path

from wasmui.cli.prerender import PRERENDERED, prerender_page, render_markup

www = Path("www")
examples = ["counter", "todo", "clock", "chart", "dialog", "loading", "table", "contacts", "modal", "resource"]
sources = {name: (www / "examples" / f"{name}.py").read_text() for name in examples}
gallery = render_markup("gallery:Gallery", json.dumps({"sources": sources, "selected": "counter"}), [www])
index = (www / "pages/index.html").read_text()
slot = '<div id="gallery"></div>'
assert slot in index, "www/pages/index.html: the gallery's slot is missing"
(www / "index.html").write_text(index.replace(slot, f'<div id="gallery" {PRERENDERED}>{gallery}</div>'))
# the same gallery in worker mode (#26): the meta tag, and no preload hints for the runtime
# (the worker fetches it; a download hinted to the page would not be taken over, so each
# file would come twice), as `wasmui build --worker` writes a page
head, hints = index.split('<script src="preflight.js"></script>\n')
hints, body = hints.split("</head>\n")
assert "modulepreload" in hints, "www/pages/index.html: the runtime's preload hints moved"
worker = f'{head}<script src="preflight.js"></script>\n  <meta name="wasmui-worker" content="on">\n</head>\n{body}'
(www / "gallery-worker.html").write_text(worker.replace(slot, f'<div id="gallery" {PRERENDERED}>{gallery}</div>'))
embed, notes = prerender_page((www / "pages/embed.html").read_text(), [www / "examples"])
assert not notes, notes
(www / "embed.html").write_text(embed)
PY
  echo "$want" > "$stamp"
}

# --- www/todomvc/: the TodoMVC example the gallery links to --------------------------
# `wasmui build` of examples/todomvc, on the site's runtime (--cdn /pyodide/): only the
# app's pages, lock and wheels are here. Generated, so the folder ignores itself.
build_todomvc() {
  local stamp="www/todomvc/.stamp" want
  want="$(hash_of "$DIST/.wasmui-stamp" build.sh $(find examples/todomvc -type f \( -name '*.py' -o -name '*.css' \
    -o -name '*.html' -o -name '*.toml' \) -not -path '*/dist/*' | sort))"
  if [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then return 0; fi
  log "building www/todomvc/ (wasmui build of examples/todomvc)"
  rm -rf www/todomvc
  (cd examples/todomvc && WASMUI_PYODIDE_DIR="$PYODIDE_NPM" XDG_CACHE_HOME="$CACHE" \
    "$VENV/bin/wasmui" build --base /todomvc/ --cdn /pyodide/ --out "$ROOT/www/todomvc" >/dev/null)
  echo '*' > www/todomvc/.gitignore
  echo "$want" > "$stamp"
}

build() {
  ensure_venv
  ensure_npm
  build_wasmui_wheel
  assemble_site_runtime
  copy_site_scripts
  render_site_pages
  build_todomvc
}

# --- browser -------------------------------------------------------------------
# The three engines the suite runs in: Chromium (chromedriver), Firefox ESR (driven over
# WebDriver BiDi by puppeteer-core from node_modules: no geckodriver) and WebKitGTK
# (WebKitWebDriver, its MiniBrowser on an Xvfb display the tests start).
BROWSER_PACKAGES=(chromium chromium-driver firefox-esr webkit2gtk-driver xvfb)
ensure_browser() {
  local missing=()
  for tool in chromium chromedriver firefox-esr WebKitWebDriver Xvfb; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing ${BROWSER_PACKAGES[*]} (apt-get; missing: ${missing[*]})"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${BROWSER_PACKAGES[@]}" >/dev/null
  else
    die "the browser tests need ${missing[*]} (Debian: sudo apt-get install ${BROWSER_PACKAGES[*]})"
  fi
}

# A Python below 3.12 with pip: tests/host/test_install.py runs pip on it to show that pip
# names wasmui's Requires-Python (a user's mistake of the first hour). Debian 12's python3
# is 3.11; its pip comes with python3-pip.
ensure_old_python() {
  local candidate
  for candidate in python3.11 python3.10; do
    command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c "import pip" 2>/dev/null && return 0
  done
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && apt-cache show python3.11 >/dev/null 2>&1; then
    log "installing python3.11 and python3-pip (apt-get) for the install test"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3.11 python3-pip >/dev/null
  else
    die "the install test needs a Python below 3.12 with pip (Debian 12: sudo apt-get install python3-pip; pyenv: pyenv install 3.11)"
  fi
}

browser_env() {
  # selenium-manager must not try the network: use the Debian driver and browser.
  export SE_OFFLINE=true
  export SE_CHROMEDRIVER="$(command -v chromedriver)"
  export WASMUI_CHROMIUM="$(command -v chromium)"
  # Firefox is driven by puppeteer-core from this clone's node_modules (package.json)
  export WASMUI_PUPPETEER_DIR="$PWD"
}

cmd="${1:-build}"; [ $# -gt 0 ] && shift
case "$cmd" in
  build) build ;;
  serve)
    port=8000
    isolated=()
    while [ $# -gt 0 ]; do
      case "$1" in
        --port) port="$2"; shift 2 ;;
        --port=*) port="${1#--port=}"; shift ;;
        --isolated) isolated=(--isolated); shift ;;
        *) die "unknown serve option: $1 (use --port N, --isolated)" ;;
      esac
    done
    build
    exec "$VENV/bin/wasmui" serve www --port "$port" ${isolated[@]+"${isolated[@]}"}  # (an empty array under set -u: bash < 4.4)
    ;;
  test)
    build
    ensure_browser
    ensure_old_python
    browser_env
    # every engine unless the arguments say otherwise (a later --engine wins)
    exec "$VENV/bin/python" -m pytest --dist-dir="$SITE_RUNTIME" --runtime chrome --engine all "$@"
    ;;
  bench)
    case " $* " in  # the options need no build, once there is a .venv to print them
      *" --help "*|*" -h "*) [ -x "$VENV/bin/python" ] && exec "$VENV/bin/python" -m tests.bench --help ;;
    esac
    build
    ensure_browser
    browser_env
    exec "$VENV/bin/python" -m tests.bench "$@"
    ;;
  *) die "unknown command: $cmd (build | serve [--port N] | test [pytest args] | bench [--quick])" ;;
esac
