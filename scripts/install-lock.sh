#!/usr/bin/env bash
# Install a lock file into a virtual environment exactly, without resolving anything:
#   scripts/install-lock.sh PYTHON VENV LOCK
# The lock is complete (every package, every extra's packages, pinned and hashed), so pip is told not to look at
# dependencies at all (--no-deps). Resolving would let a release published after the lock was made (say a newer
# fonttools asked for as `fonttools[woff]` by weasyprint) into the install, and pip refuses that in hash mode. The
# pip that `python3 -m venv` brings is enough; it is never upgraded. Afterwards `pip check` and the lock check prove
# that what is installed is consistent, extras included.
set -euo pipefail
python="$1" venv="$2" lock="$3"
here="$(cd "$(dirname "$0")" && pwd)"
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes --only-binary=:all: -r "$lock"
"$venv/bin/python" -m pip check --disable-pip-version-check
"$venv/bin/python" "$here/check_lock.py" "$lock"
