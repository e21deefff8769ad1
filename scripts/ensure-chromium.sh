#!/bin/sh
# The end-to-end tests drive Debian's Chromium; a browser download is never used.
# Installs it when this machine can (root with apt), otherwise says what to install.
set -eu
chromium="${SONO_CHROMIUM:-/usr/bin/chromium}"
[ -x "$chromium" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is missing: installing Debian's chromium package..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi

echo "The end-to-end tests need Chromium at $chromium." >&2
echo "Install it with: sudo apt-get install -y chromium" >&2
echo "or point SONO_CHROMIUM at a Chromium or Chrome binary." >&2
exit 1
