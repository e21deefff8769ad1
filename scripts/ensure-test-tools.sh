#!/bin/sh
# The tests drive Debian's Chromium (never a downloaded browser) and a real
# coturn. Installs what is missing when this machine can (root with apt),
# otherwise says exactly what to install.
set -eu
chromium="${SONO_CHROMIUM:-/usr/bin/chromium}"
need=""
[ -x "$chromium" ] || need="$need chromium"
command -v turnserver >/dev/null 2>&1 || need="$need coturn"
[ -z "$need" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing what the tests need from Debian:$need"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
  exit 0
fi

echo "The tests need Debian packages that are missing:$need" >&2
echo "Install them with: sudo apt-get install -y$need" >&2
echo "(SONO_CHROMIUM may point at another Chromium or Chrome binary.)" >&2
exit 1
