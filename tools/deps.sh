#!/usr/bin/env bash
# Installs what building, checking and the demo need, on a fresh machine.
# Prefers the distribution's prebuilt R packages (apt, when run as root);
# falls back to install.packages() from the configured CRAN repository.
#   tools/deps.sh   roxygen2, pkgbuild, knitr, rmarkdown, testthat, generics,
#                   ggplot2, readxl, pandoc, qpdf; icenReg (with MLEcens)
# generics is imported; ggplot2 and readxl are suggested, and installed so
# that their tests (autoplot(), Excel case tables) run rather than skip.
set -euo pipefail

r_pkgs=(roxygen2 pkgbuild knitr rmarkdown testthat generics ggplot2 readxl)
missing=()
for p in "${r_pkgs[@]}"; do
  Rscript -e "quit(status = !requireNamespace('$p', quietly = TRUE))" \
    >/dev/null 2>&1 || missing+=("$p")
done
need_pandoc=0
command -v pandoc >/dev/null 2>&1 || need_pandoc=1
need_qpdf=0
command -v qpdf >/dev/null 2>&1 || need_qpdf=1

# Reference packages of the tests, so that those tests run rather than skip:
# the pooling tests (Suggests: metafor, its data package metadat, lme4) and
# the kappa tests of extraction_agreement() (psych, vcd).
ref_pkgs=(metafor metadat lme4 psych vcd)
ref_missing=()
for p in "${ref_pkgs[@]}"; do
  Rscript -e "quit(status = !requireNamespace('$p', quietly = TRUE))" \
    >/dev/null 2>&1 || ref_missing+=("$p")
done
if [ ${#ref_missing[@]} -gt 0 ]; then
  echo "deps: installing the reference packages ${ref_missing[*]}"
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    ref_debs=()
    for p in "${ref_missing[@]}"; do ref_debs+=("r-cran-$p"); done
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${ref_debs[@]}" >/dev/null
  else
    list=$(printf "'%s'," "${ref_missing[@]}")
    Rscript -e "install.packages(c(${list%,}))"
  fi
fi

# icenReg, the reference of the Turnbull tests (Suggests; its dependency
# MLEcens holds the breast cosmesis data those tests read). Its dependencies
# that Debian packages come from apt when run as root; icenReg and MLEcens,
# which Debian does not package, from CRAN. Nothing is done when installed.
has_pkg() {
  Rscript -e "quit(status = !requireNamespace('$1', quietly = TRUE))" >/dev/null 2>&1
}
if ! has_pkg icenReg || ! has_pkg MLEcens; then
  echo "deps: installing icenReg for the Turnbull tests"
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    ic_debs=()
    for p in Rcpp RcppEigen coda foreach iterators survival; do
      has_pkg "$p" || ic_debs+=("r-cran-${p,,}")
    done
    if [ ${#ic_debs[@]} -gt 0 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${ic_debs[@]}" >/dev/null
    fi
  fi
  Rscript -e "r <- getOption('repos')
    if (is.na(r['CRAN']) || r['CRAN'] == '@CRAN@') r['CRAN'] <- 'https://cloud.r-project.org'
    for (p in c('MLEcens', 'icenReg'))
      if (!requireNamespace(p, quietly = TRUE)) install.packages(p, repos = r)"
  for p in MLEcens icenReg; do
    has_pkg "$p" || { echo "deps: could not install R package $p" >&2; exit 1; }
  done
fi

if [ ${#missing[@]} -eq 0 ] && [ $need_pandoc -eq 0 ] && [ $need_qpdf -eq 0 ]; then
  echo "deps: everything is installed"
  exit 0
fi
echo "deps: installing ${missing[*]:-} $([ $need_pandoc -eq 1 ] && echo pandoc) $([ $need_qpdf -eq 1 ] && echo qpdf)"

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  debs=()
  for p in "${missing[@]}"; do debs+=("r-cran-$p"); done
  [ $need_pandoc -eq 1 ] && debs+=(pandoc)
  [ $need_qpdf -eq 1 ] && debs+=(qpdf)
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${debs[@]}" >/dev/null
else
  if [ ${#missing[@]} -gt 0 ]; then
    list=$(printf "'%s'," "${missing[@]}")
    Rscript -e "install.packages(c(${list%,}))"
  fi
  if [ $need_pandoc -eq 1 ]; then
    echo "deps: pandoc is missing; install it to render the demo report" >&2
  fi
  if [ $need_qpdf -eq 1 ]; then
    echo "deps: qpdf is missing; R CMD check --as-cran warns without it" >&2
  fi
fi

for p in "${r_pkgs[@]}"; do
  Rscript -e "quit(status = !requireNamespace('$p', quietly = TRUE))" \
    >/dev/null 2>&1 || { echo "deps: could not install R package $p" >&2; exit 1; }
done
