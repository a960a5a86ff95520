#!/usr/bin/env bash
# Installs the optional reference packages of the benchmarks: icenReg (its
# heavy dependencies from the distribution when run as root, the rest from
# CRAN).  A failure here only drops the icenReg rows from `make bench`.
set -uo pipefail

if Rscript -e "quit(status = !requireNamespace('icenReg', quietly = TRUE))" >/dev/null 2>&1; then
  echo "bench-deps: icenReg is installed"
  exit 0
fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends r-cran-rcpp r-cran-rcppeigen \
    r-cran-coda r-cran-foreach >/dev/null || true
fi
Rscript -e "install.packages(c('MLEcens', 'icenReg'))" || true
Rscript -e "quit(status = !requireNamespace('icenReg', quietly = TRUE))" >/dev/null 2>&1 ||
  echo "bench-deps: icenReg could not be installed; its rows are skipped" >&2
exit 0
