#!/usr/bin/env bash
# karrio (the multi-carrier shipping server) in its own virtual environment, pinned by
# packaging/karrio-requirements.txt (+ packaging/karrio-constraints.txt for everything it brings).
# Used by `make test` (the tests start a real karrio server) and by a site that ships through karrio
# (docs/operations.md). Idempotent: does nothing when the pinned version is installed already.
#   KARRIO_VENV   where to put it (default: .karrio-venv beside the repository's .venv)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
venv=${KARRIO_VENV:-$here/.karrio-venv}
python=${PYTHON:-python3}
req=$here/packaging/karrio-requirements.txt
cons=$here/packaging/karrio-constraints.txt
stamp=$venv/.installed-$(cat "$req" $( [ -f "$cons" ] && echo "$cons") | sha256sum | cut -c1-16)
if [ -f "$stamp" ] && [ -x "$venv/bin/karrio" ]; then
  echo "karrio: present in $venv"
  exit 0
fi
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/pip" install -q --upgrade pip
if [ -f "$cons" ]; then
  "$venv/bin/pip" install -q -r "$req" -c "$cons"
else
  "$venv/bin/pip" install -q -r "$req"
fi
if "$venv/bin/pip" show karrio-server-documents >/dev/null 2>&1; then
  echo "karrio: karrio-server-documents is installed; it breaks karrio offline. Remove it." >&2
  exit 1
fi
rm -f "$venv"/.installed-*
touch "$stamp"
echo "karrio: $("$venv/bin/pip" show karrio-server | sed -n 's/^Version: //p') in $venv"
