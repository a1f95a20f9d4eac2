#!/usr/bin/env bash
# Installs what the tests need and a fresh Debian machine lacks; `npm test` and `.ci/run` call it.
#   scripts/setup.sh [need ...]      needs: chromium firefox webkit fonts postgresql (default: all)
# Only what is missing is installed: `apt-get update`, then `apt-get install --no-install-recommends`,
# as root or through sudo. Nothing missing: no apt at all. L2C_NO_INSTALL=1 only says what is missing.
# Exit status 0 when every need is met; 1 when something is still missing, named on stderr with the
# command that installs it (the caller skips what cannot run).
set -uo pipefail

needs=("$@")
[ "${#needs[@]}" -gt 0 ] || needs=(chromium firefox webkit fonts postgresql)

has_cjk_font() {
  if command -v fc-list >/dev/null 2>&1; then
    [ -n "$(fc-list :lang=zh family 2>/dev/null | head -n 1)" ]
  else
    dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'ok installed'
  fi
}

has_postgresql() {
  if [ -n "${PG_BIN:-}" ]; then [ -x "$PG_BIN/initdb" ]; return; fi
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}

# The Debian packages of the needs that are not met.
missing() {
  local need
  for need in "${needs[@]}"; do
    case "$need" in
      chromium) [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || echo chromium ;;
      firefox) [ -x "${FIREFOX_PATH:-/usr/bin/firefox-esr}" ] || echo firefox-esr ;;
      webkit)
        command -v xvfb-run >/dev/null 2>&1 || echo xvfb
        command -v WebKitWebDriver >/dev/null 2>&1 || echo webkit2gtk-driver ;;
      fonts) has_cjk_font || echo fonts-noto-cjk ;;
      postgresql) has_postgresql || echo postgresql ;;
      *) echo "scripts/setup.sh: unknown need '$need' (chromium firefox webkit fonts postgresql)" >&2 ;;
    esac
  done
}

mapfile -t packages < <(missing)
[ "${#packages[@]}" -eq 0 ] && exit 0

install_line="apt-get install -y --no-install-recommends ${packages[*]}"
if [ "${L2C_NO_INSTALL:-}" = 1 ]; then
  echo "Missing for the tests: ${packages[*]} (L2C_NO_INSTALL=1: not installing). Install with: $install_line" >&2
  exit 1
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else SUDO=(none); fi
fi
if ! command -v apt-get >/dev/null 2>&1 || [ "${SUDO[*]}" = none ]; then
  why=$(command -v apt-get >/dev/null 2>&1 && echo "not root and no sudo" || echo "no apt-get")
  echo "Missing for the tests: ${packages[*]}; cannot install them here ($why)." >&2
  echo "Install them with: $install_line (or your system's equivalent)" >&2
  exit 1
fi

echo "Installing for the tests: ${packages[*]}" >&2
apt=("${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get)
if ! "${apt[@]}" update -qq >&2 || ! "${apt[@]}" install -y -qq --no-install-recommends "${packages[@]}" >&2; then
  echo "apt-get could not install ${packages[*]}. Install them with: $install_line" >&2
fi

mapfile -t still < <(missing)
if [ "${#still[@]}" -gt 0 ]; then
  echo "Still missing for the tests: ${still[*]}. Install with: apt-get install -y --no-install-recommends ${still[*]}" >&2
  exit 1
fi
exit 0
