#!/usr/bin/env bash
# Regenerates man/ and NAMESPACE in a scratch copy of the package and fails
# when they differ from the committed ones.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# the package sources as they are in the working tree: tracked files and
# untracked ones that are not ignored (outside git, everything)
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
  (cd "$top" && git ls-files -co --exclude-standard -z |
     tar --null --ignore-failed-read -T - -cf -) | tar -C "$scratch" -xf -
else
  tar -C "$top" --exclude=./check --exclude='./*.tar.gz' \
      --exclude='*.o' --exclude='*.so' -cf - . | tar -C "$scratch" -xf -
fi
(cd "$scratch" && Rscript -e 'roxygen2::roxygenise()' >/dev/null 2>&1) || {
  echo "check-docs: roxygen2 failed on the sources" >&2
  (cd "$scratch" && Rscript -e 'roxygen2::roxygenise()') >&2 || true
  exit 1
}
if ! diff -r "$top/man" "$scratch/man" >/dev/null ||
   ! diff "$top/NAMESPACE" "$scratch/NAMESPACE" >/dev/null; then
  echo "check-docs: man/ or NAMESPACE is out of date with the roxygen comments;" >&2
  echo "check-docs: run 'make document' and commit the result. Differences:" >&2
  diff -r "$top/man" "$scratch/man" >&2 || true
  diff "$top/NAMESPACE" "$scratch/NAMESPACE" >&2 || true
  exit 1
fi
echo "check-docs: man/ and NAMESPACE are up to date"
