#!/usr/bin/env bash
# Debian packages the test suite uses for real: Chromium (browser tests), PostgreSQL (the second
# database), CUPS with a PDF printer (printing tests), nginx (TLS proxy test). Installs only what is missing.
set -euo pipefail
need=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
for pkg in chromium postgresql cups cups-client cups-bsd printer-driver-cups-pdf nginx openssl systemd; do
  have "$pkg" || need+=("$pkg")
done
if [ ${#need[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
echo "system packages: installing ${need[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
# the packaged services are not needed running: the tests start their own servers
$SUDO service cups stop >/dev/null 2>&1 || true
$SUDO service postgresql stop >/dev/null 2>&1 || true
$SUDO service nginx stop >/dev/null 2>&1 || true
