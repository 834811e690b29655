#!/usr/bin/env bash
# wasmui build: assembles the fully offline site in www/ and runs it or its tests.
#
#   ./build.sh            build only (idempotent; quick when nothing changed)
#   ./build.sh serve [--port N]   build, then serve www/ on 127.0.0.1 (default 8000)
#   ./build.sh test [pytest args...]   build, then run the whole suite (host + headless Chromium)
#   ./build.sh bench [--quick] [--runs N] [--soak N]   build, then run the benchmarks (prints numbers)
#
# Every install step lives here so that a fresh clone (and CI) needs nothing else:
# a host Python >= 3.12 venv with the dev tools, the pinned npm Pyodide runtime, the
# wasmui wheel, the test wheels for inside Pyodide, and a pyodide-lock.json that lists
# them all (docs/guide.md, "Building offline", says why each step is done this way).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

VENV="$ROOT/.venv"
CACHE="$ROOT/.cache"
DIST="$ROOT/dist"
SITE_RUNTIME="$ROOT/www/pyodide"
PYODIDE_NPM="$ROOT/node_modules/pyodide"
# Python the Pyodide 314 runtime embeds: wheels are fetched for this version.
PYODIDE_PYTHON_VERSION="3.14"
# Pure-Python wheels loaded inside Pyodide: micropip for users, the rest for
# pytest-pyodide's run_in_pyodide (it loads pytest and tblib by name). Dependencies are listed explicitly
# because the downloads use --no-deps (pip cannot resolve for the wasm platform).
PYODIDE_WHEELS=(
  micropip==0.11.1
  pytest==9.0.2 iniconfig==2.3.1 packaging==26.4 pluggy==1.7.0 pygments==2.21.0
  tblib==3.2.2
)
RUNTIME_FILES=(pyodide.mjs pyodide.js pyodide.asm.mjs pyodide.asm.wasm python_stdlib.zip
  pyodide.mjs.map pyodide.js.map)

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
  log "building the wasmui wheel"
  rm -rf "$DIST" build wasmui.egg-info
  "$VENV/bin/python" -m build --wheel --no-isolation --outdir "$DIST" . >/dev/null
  rm -rf build
  echo "$want" > "$stamp"
}

download_pyodide_wheels() {
  local dir="$CACHE/pyodide-wheels" stamp want
  stamp="$dir/.stamp"; want="$(printf '%s\n' "${PYODIDE_WHEELS[@]}" | sha256sum | cut -c1-16)"
  if [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then return 0; fi
  log "downloading wheels for Pyodide (Python $PYODIDE_PYTHON_VERSION)"
  rm -rf "$dir"; mkdir -p "$dir"
  "$VENV/bin/python" -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: \
    --python-version "$PYODIDE_PYTHON_VERSION" --platform any -d "$dir" "${PYODIDE_WHEELS[@]}"
  echo "$want" > "$stamp"
}

# --- www/pyodide: runtime + wheels + rewritten lock ------------------------------
assemble_site_runtime() {
  local stamp="$SITE_RUNTIME/.stamp" want
  want="$(hash_of "$DIST/.wasmui-stamp" "$CACHE/pyodide-wheels/.stamp" node_modules/.wasmui-stamp build.sh)"
  if [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then return 0; fi
  log "assembling www/pyodide/"
  rm -rf "$SITE_RUNTIME"; mkdir -p "$SITE_RUNTIME"
  for f in "${RUNTIME_FILES[@]}"; do cp "$PYODIDE_NPM/$f" "$SITE_RUNTIME/"; done
  cp "$CACHE"/pyodide-wheels/*.whl "$DIST"/wasmui-*.whl "$SITE_RUNTIME/"
  # For pages under a strict CSP (no eval), which load the applier with <script src>.
  cp wasmui/js/applier.js www/wasmui-applier.js
  # The npm lock lists Pyodide's own builds of these packages with other hashes;
  # add-wheels replaces those entries with the files that are actually here.
  (cd "$SITE_RUNTIME" && "$VENV/bin/pyodide" lockfile add-wheels \
      --input "$PYODIDE_NPM/pyodide-lock.json" --output pyodide-lock.json ./*.whl >/dev/null)
  echo "$want" > "$stamp"
}

build() {
  ensure_venv
  ensure_npm
  build_wasmui_wheel
  download_pyodide_wheels
  assemble_site_runtime
}

# --- browser -------------------------------------------------------------------
ensure_browser() {
  if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then return 0; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing chromium and chromium-driver (apt-get)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    die "Chromium and ChromeDriver are needed for the browser tests (Debian: sudo apt-get install chromium chromium-driver)"
  fi
}

browser_env() {
  # selenium-manager must not try the network: use the Debian driver and browser.
  export SE_OFFLINE=true
  export SE_CHROMEDRIVER="$(command -v chromedriver)"
  export WASMUI_CHROMIUM="$(command -v chromium)"
}

cmd="${1:-build}"; [ $# -gt 0 ] && shift
case "$cmd" in
  build) build ;;
  serve)
    port=8000
    while [ $# -gt 0 ]; do
      case "$1" in
        --port) port="$2"; shift 2 ;;
        --port=*) port="${1#--port=}"; shift ;;
        *) die "unknown serve option: $1 (use --port N)" ;;
      esac
    done
    build
    log "serving www/ at http://127.0.0.1:$port/ (Ctrl+C stops)"
    exec "$VENV/bin/python" -m http.server --bind 127.0.0.1 --directory www "$port"
    ;;
  test)
    build
    ensure_browser
    browser_env
    exec "$VENV/bin/python" -m pytest --dist-dir="$SITE_RUNTIME" --runtime chrome "$@"
    ;;
  bench)
    build
    ensure_browser
    browser_env
    exec "$VENV/bin/python" -m tests.bench "$@"
    ;;
  *) die "unknown command: $cmd (build | serve [--port N] | test [pytest args] | bench [--quick])" ;;
esac
