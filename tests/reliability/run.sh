#!/usr/bin/env bash
# `make reliability`: the reliability and security run of issue 9, separate from `make test`.
# Starts its own suite (ports 18100-18999, loopback only), bounded to < 20 minutes, prints the
# figures and writes them into docs/reliability.md (generated section). Exit status = pytest's.
set -uo pipefail
cd "$(dirname "$0")/../.."
PY=.venv/bin/python
OUT=${RELIABILITY_OUT:-var/reliability}
umount --lazy "$OUT/suite/volume" 2>/dev/null || true  # left mounted by a killed run
rm -rf "$OUT" && mkdir -p "$OUT"
export RELIABILITY_OUT="$OUT" RELIABILITY_FIGURES="$OUT/figures.json"
unset RELIABILITY_ATTACH
started=$(date +%s)
timeout --signal=TERM --kill-after=60 "${RELIABILITY_BUDGET_SECONDS:-1080}" \
  "$PY" -m pytest tests/reliability -q -rs --junitxml "$OUT/junit.xml" "$@"
status=$?
elapsed=$(( $(date +%s) - started ))
"$PY" tests/reliability/report.py --figures "$OUT/figures.json" --junit "$OUT/junit.xml" \
  --seconds "$elapsed" --doc docs/reliability.md
exit $status
