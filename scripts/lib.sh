# Shared helpers for the setup scripts (sourced, not run).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VENV=${VENV:-.venv}
PY="$VENV/bin/python"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

apt_updated=""
# install_packages PACKAGE…: install Debian packages (apt-get update once per run).
install_packages() {
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing: install the packages $* with your system's package manager." >&2
    exit 1
  fi
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  say "Installing $*"
  if [ -z "$apt_updated" ]; then $sudo apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# need_packages COMMAND PACKAGE…: install Debian packages when COMMAND is missing.
need_packages() {
  local command=$1; shift
  command -v "$command" >/dev/null 2>&1 || install_packages "$@"
}

# setup_python EXTRAS: a virtual environment with the project and the given extras ("" or "[test]").
setup_python() {
  local python
  if [ ! -x "$PY" ] || ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
    python=$(bash scripts/find-python)
    say "Creating $VENV with $python ($("$python" --version))"
    rm -rf "$VENV"
    "$python" -m venv "$VENV"
    "$PY" -m pip install -q --upgrade pip
  fi
  say "Installing Python packages (pyproject.toml)"
  "$PY" -m pip install -q -e ".$1" 2>&1 | grep -vE "^\s*$|pypi-more|BuildBackendWarning|return '|^\s*!!|\*\*\*|Please be careful|name as your package|Editable installation|with strategy" || true
}

setup_frontend() {
  need_packages npm nodejs npm
  say "Installing front-end packages (package-lock.json)"
  npm ci --no-audit --no-fund --loglevel=error 2>&1 | grep -v 'Unknown user config' || true
}

compile_translations() {
  need_packages msgfmt gettext
  "$PY" manage.py compilemessages --ignore "$VENV" --ignore node_modules -v 0
}

# Debian's Chromium for the browser tests (Playwright drives it; its own browser downloads are not used), and a
# Japanese font so that pages render Japanese text as people will see it.
setup_browser() {
  need_packages chromium chromium
  need_packages fc-list fontconfig
  fc-list :lang=ja | grep -q . || install_packages fonts-ipaexfont-gothic
}

# The PDF report names a Japanese font family explicitly ("Noto Sans CJK JP", with a real bold) and embeds it.
setup_pdf_fonts() {
  need_packages fc-list fontconfig
  fc-list | grep -q "Noto Sans CJK JP" || install_packages fonts-noto-cjk
}

# poppler-utils: pdffonts, pdftotext and pdftoppm, with which the tests read the PDF reports.
setup_pdf_tools() {
  need_packages pdftoppm poppler-utils
}
