#!/usr/bin/env bash
# Reads an R CMD check directory: prints the check status, the test failures,
# and last the line "N passed, N failed" from testthat's totals.  Fails on a
# check ERROR or WARNING, a test failure, or tests that did not report.
set -uo pipefail
rcheck=${1:?usage: check-result.sh PKG.Rcheck}
log="$rcheck/00check.log"
status_line=$(grep -E '^Status:' "$log" 2>/dev/null | tail -n 1)
rout=""
for f in "$rcheck/tests/testthat.Rout.fail" "$rcheck/tests/testthat.Rout"; do
  [ -f "$f" ] && { rout=$f; break; }
done

fail=1
if [ -n "$rout" ]; then
  totals=$(grep -E '\[ FAIL [0-9]+ \| WARN [0-9]+ \| SKIP [0-9]+ \| PASS [0-9]+ \]' "$rout" | tail -n 1)
  if [ -n "$totals" ]; then
    failed=$(sed -E 's/.*FAIL ([0-9]+).*/\1/' <<<"$totals")
    passed=$(sed -E 's/.*PASS ([0-9]+).*/\1/' <<<"$totals")
    skipped=$(sed -E 's/.*SKIP ([0-9]+).*/\1/' <<<"$totals")
    fail=0
  fi
  if [ "$rout" = "$rcheck/tests/testthat.Rout.fail" ]; then
    echo "---- test output (last 60 lines) ----"
    tail -n 60 "$rout"
  fi
fi

echo "---- R CMD check: ${status_line:-no status (check did not finish)} ----"
grep -E '(ERROR|WARNING|NOTE)$' "$log" 2>/dev/null || true

rc=0
case "$status_line" in
  *ERROR*|*WARNING*|"") rc=1 ;;
esac
if [ $fail -ne 0 ]; then
  echo "check-result: no testthat totals found in $rcheck/tests" >&2
  echo "0 passed, 0 failed"
  exit 1
fi
[ "$failed" -gt 0 ] && rc=1
echo "testthat: ${skipped} skipped"
echo "${passed} passed, ${failed} failed"
exit $rc
