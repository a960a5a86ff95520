#!/usr/bin/env bash
# Builds the package with AddressSanitizer and UndefinedBehaviorSanitizer
# into a private library and runs the test suite with it.  Fails on any
# sanitizer report or test failure.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
work="$top/check/sanitize"
rm -rf "$work" && mkdir -p "$work/lib"
flags="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined"
cat > "$work/Makevars" <<MK
CFLAGS = $flags
LDFLAGS = -fsanitize=address,undefined
MK
tarball=$(ls "$top"/casepool_*.tar.gz | tail -n 1)
R_MAKEVARS_USER="$work/Makevars" R CMD INSTALL --no-test-load --library="$work/lib" "$tarball" \
  > "$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }
grep -q -- "-fsanitize=address" "$work/install.log" || {
  echo "sanitize: the sanitizer flags did not reach the compiler" >&2; exit 1; }

asan=$(gcc -print-file-name=libasan.so)
cd "$top/tests" || exit 1
LD_PRELOAD="$asan" ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 NOT_CRAN=true \
R_LIBS="$work/lib" Rscript -e '
  library(testthat)
  stopifnot(startsWith(find.package("casepool"), Sys.getenv("R_LIBS")))
  res <- as.data.frame(test_dir("testthat", package = "casepool",
                                load_package = "installed", reporter = "summary",
                                stop_on_failure = FALSE))
  cat(sprintf("sanitize: %d passed, %d failed\n", sum(res$passed), sum(res$failed)))
  quit(status = as.integer(sum(res$failed) > 0 || any(res$error)))
' > "$work/tests.log" 2>&1
status=$?
if grep -qE "runtime error|ERROR: AddressSanitizer|ERROR: LeakSanitizer" "$work/tests.log"; then
  grep -B2 -A20 -E "runtime error|ERROR: AddressSanitizer" "$work/tests.log" | head -60
  echo "sanitize: sanitizer reports found" >&2
  exit 1
fi
tail -n 3 "$work/tests.log"
[ $status -eq 0 ] || { tail -n 60 "$work/tests.log"; echo "sanitize: tests failed" >&2; exit 1; }
echo "sanitize: no sanitizer report"
