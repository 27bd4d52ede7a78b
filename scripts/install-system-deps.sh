#!/usr/bin/env bash
# Debian packages the test suite uses for real: Chromium (browser tests), PostgreSQL (the second
# database), CUPS with a PDF printer (printing tests), nginx (TLS proxy test). Installs only what is
# missing. The tests start their own PostgreSQL cluster, CUPS scheduler and nginx: a service this
# script's install started is stopped again; one that was there before is never touched.
set -euo pipefail
PACKAGES=(chromium postgresql cups cups-client cups-bsd printer-driver-cups-pdf nginx openssl systemd)
# the programs the tests run, for a system without apt
PROGRAMS=(chromium initdb:/usr/lib/postgresql/*/bin/initdb pg_ctl:/usr/lib/postgresql/*/bin/pg_ctl cupsd lp lpstat
          nginx openssl systemd-analyze)

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  missing=()
  for entry in "${PROGRAMS[@]}"; do
    name=${entry%%:*}
    pattern=${entry#*:}
    if ! command -v "$name" >/dev/null 2>&1 && ! compgen -G "$pattern" >/dev/null 2>&1 \
        && ! [ -x "/usr/sbin/$name" ]; then
      missing+=("$name")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "system packages: no apt here, but every program the tests run is present"
    exit 0
  fi
  echo "system packages: this system has no apt (Floor's tests are set up for Debian 12 / Ubuntu)." >&2
  echo "Install these with your package manager, then run make test again:" >&2
  echo "  missing programs: ${missing[*]}" >&2
  echo "  (Debian's packages: ${PACKAGES[*]}; the PDF printer is CUPS-PDF)" >&2
  exit 1
fi

need=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
for pkg in "${PACKAGES[@]}"; do
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
# only a service whose package was installed just now (its install started it) is stopped again
for service in cups postgresql nginx; do
  for pkg in "${need[@]}"; do
    if [ "$pkg" = "$service" ]; then
      echo "system packages: stopping $service (started by its install; the tests run their own)"
      $SUDO service "$service" stop >/dev/null 2>&1 || true
    fi
  done
done
