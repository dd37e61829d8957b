# shellcheck shell=bash
# Shared by scripts/run and scripts/test (sourced, not run).
#
# Both scripts work from a fresh clone with nothing running: they create .venv with
# Python 3.11, install Orbit into it, and find or start PostgreSQL and Redis (see
# scripts/local_services.py). Everything they create lives in .venv/, .data/,
# frontend/node_modules/, frontend/dist/ and test-artifacts/.

ORBIT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ORBIT_ROOT/.venv"
PY="$VENV/bin/python"
DATA_DIR="$ORBIT_ROOT/.data"
LOG_DIR="$DATA_DIR/logs"
FRONTEND="$ORBIT_ROOT/frontend"
SERVICES_OWNER="$$"
SERVICES_TAKEN=0

say() { printf '[orbit] %s\n' "$*"; }
die() { printf '[orbit] error: %s\n' "$*" >&2; exit 1; }

find_python311() {
    local candidate
    for candidate in "${ORBIT_PYTHON:-}" python3.11 "$HOME/.pyenv/shims/python3.11" \
                     /usr/local/bin/python3.11 /usr/bin/python3.11; do
        [ -n "$candidate" ] || continue
        command -v "$candidate" >/dev/null 2>&1 || continue
        if "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null
        then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

# Invoice PDFs embed a CJK font (fonts-wqy-microhei, or ORBIT_INVOICE_FONT); install it as
# root when it is missing, else say how (the PDF route answers 503 without it).
invoice_font_present() {
    [ -n "${ORBIT_INVOICE_FONT:-}" ] && [ -f "$ORBIT_INVOICE_FONT" ] && return 0
    [ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] \
        || [ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ]
}

ensure_invoice_font() {
    invoice_font_present && return 0
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "Installing fonts-wqy-microhei for invoice PDFs (apt-get)."
        export DEBIAN_FRONTEND=noninteractive
        if apt-get update -qq && apt-get install -y -qq --no-install-recommends \
                fonts-wqy-microhei; then
            return 0
        fi
    fi
    say "warning: invoice PDFs need a CJK font: sudo apt-get install fonts-wqy-microhei"
    say "         (or set ORBIT_INVOICE_FONT); until then PDF downloads answer 503."
}

# Create .venv with Python 3.11 and install Orbit with its test tools; reinstall only when
# pyproject.toml changed since the last install (stamp kept inside .venv).
ensure_venv() {
    local python stamp_file wanted
    if [ ! -x "$PY" ] || ! "$PY" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
            2>/dev/null; then
        python="$(find_python311)" || die "Python 3.11 is required: install it (python3.11 on \
PATH) or point ORBIT_PYTHON at it."
        say "Creating .venv with $python."
        rm -rf "$VENV"
        "$python" -m venv "$VENV"
    fi
    stamp_file="$VENV/.orbit-installed"
    wanted="$(sha256sum "$ORBIT_ROOT/pyproject.toml" | cut -d' ' -f1)"
    if [ "$(cat "$stamp_file" 2>/dev/null)" != "$wanted" ] || [ ! -x "$VENV/bin/orbit" ]; then
        say "Installing Orbit and its dependencies into .venv (pip install -e '.[test]')."
        "$PY" -m pip install --disable-pip-version-check --quiet --upgrade pip
        (cd "$ORBIT_ROOT" && "$PY" -m pip install --disable-pip-version-check --quiet \
            -e '.[test]')
        printf '%s\n' "$wanted" >"$stamp_file"
    else
        say "Dependencies are up to date (.venv matches pyproject.toml)."
    fi
}

# Find or start PostgreSQL and Redis; export ORBIT_DATABASE_URL (naming database $1) and
# ORBIT_REDIS_URL. Call release_services before exiting (the scripts do it in a trap).
ensure_services() {
    local exports
    mkdir -p "$LOG_DIR"
    SERVICES_TAKEN=1
    exports="$("$PY" "$ORBIT_ROOT/scripts/local_services.py" up --owner "$SERVICES_OWNER" \
        --database "$1")" || die "PostgreSQL or Redis is not available (see above)."
    eval "$exports"
}

release_services() {
    if [ "$SERVICES_TAKEN" = 1 ]; then
        SERVICES_TAKEN=0
        "$PY" "$ORBIT_ROOT/scripts/local_services.py" down --owner "$SERVICES_OWNER" || true
    fi
}

# The value of a script in frontend/package.json, empty when it is not defined.
npm_script() {
    node -e 'const s = require(process.argv[1]).scripts || {}; process.stdout.write(s[process.argv[2]] || "")' \
        "$FRONTEND/package.json" "$1"
}

# npm ci unless node_modules already matches package-lock.json.
ensure_node_modules() {
    local stamp_file wanted
    command -v npm >/dev/null 2>&1 || die "Node.js 20 and npm are required for the front end."
    stamp_file="$FRONTEND/node_modules/.orbit-installed"
    wanted="$(cat "$FRONTEND/package.json" "$FRONTEND/package-lock.json" 2>/dev/null \
        | sha256sum | cut -d' ' -f1)"
    if [ "$(cat "$stamp_file" 2>/dev/null)" = "$wanted" ]; then
        say "Front-end packages are up to date."
        return 0
    fi
    say "Installing front-end packages (npm ci)."
    if ! (cd "$FRONTEND" && npm ci --no-audit --no-fund); then
        # A registry that lacks other platforms' optional packages (rollup's and esbuild's
        # native builds) yields a lock file npm ci calls out of sync; install from the same
        # lock file without rewriting it.
        say "npm ci refused package-lock.json; installing from it with npm install --no-save."
        (cd "$FRONTEND" && npm install --no-save --no-audit --no-fund) || return 1
    fi
    printf '%s\n' "$wanted" >"$stamp_file"
}

# Fail unless nothing listens on 127.0.0.1:$1 ($2 names the variable that moves it).
require_free_port() {
    if "$PY" -c 'import socket, sys
s = socket.socket(); s.settimeout(1)
sys.exit(0 if s.connect_ex(("127.0.0.1", int(sys.argv[1]))) else 1)' "$1"; then
        return 0
    fi
    die "Port $1 is in use by another program; set $2 to a free port."
}

# Wait until $1 answers 200, or fail after $2 seconds; stop early when pid $3 exits.
wait_for_url() {
    "$PY" - "$@" <<'PYTHON'
import os, sys, time, urllib.request
url, timeout, pid = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
deadline = time.monotonic() + timeout
while time.monotonic() < deadline:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        sys.exit(f"the process serving {url} exited")
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            if response.status == 200:
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.25)
sys.exit(f"{url} did not answer within {timeout:.0f} s")
PYTHON
}
