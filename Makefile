# casepool: the two commands of the README, and their parts.
#   make demo   install what is needed and the package, run the worked example
#   make test   install what is needed, build the tarball, R CMD check it
PKG      := casepool
VERSION  := $(shell sed -n 's/^Version: *//p' DESCRIPTION)
TARBALL  := $(PKG)_$(VERSION).tar.gz
CHECKDIR := check

# snapshot tests run only when NOT_CRAN is set; remote checks stay off
export NOT_CRAN := true
export _R_CHECK_CRAN_INCOMING_REMOTE_ := false
export _R_CHECK_CRAN_INCOMING_ := false
export _R_CHECK_FORCE_SUGGESTS_ := false

.PHONY: all deps document check-docs build install demo test clean bench sanitize valgrind check-cran

all: test

deps:
	bash tools/deps.sh

# Regenerate man/ and NAMESPACE from the roxygen comments (then commit them).
document: deps
	Rscript -e 'roxygen2::roxygenise()'
	rm -f src/*.o src/*.so

# Fail when man/ or NAMESPACE differ from what the roxygen comments give.
check-docs: deps
	bash tools/check-docs.sh

build: deps
	R CMD build --no-manual .

install: build
	R CMD INSTALL $(TARBALL)

# The worked example in the console, then as an HTML report in demo-report/.
demo: install
	Rscript -e 'source(system.file("scripts", "worked-example.R", package = "casepool"))'
	mkdir -p demo-report
	Rscript -e 'rmarkdown::render(system.file("reports", "worked-example.Rmd", package = "casepool"), output_dir = "demo-report", intermediates_dir = tempdir(), knit_root_dir = tempdir(), quiet = TRUE)'
	@echo "Report written to the folder demo-report: demo-report/worked-example.html"

test: check-docs build
	rm -rf $(CHECKDIR) && mkdir -p $(CHECKDIR)
	-R CMD check --no-manual --output=$(CHECKDIR) $(TARBALL)
	bash tools/check-result.sh $(CHECKDIR)/$(PKG).Rcheck

clean:
	rm -rf $(CHECKDIR) $(CHECKDIR)-cran demo-report $(PKG)_*.tar.gz src/*.o src/*.so

# R CMD check --as-cran, remote checks and the network clock check off; no
# PDF manual (it needs LaTeX).
check-cran: build
	rm -rf $(CHECKDIR)-cran && mkdir -p $(CHECKDIR)-cran
	-_R_CHECK_SYSTEM_CLOCK_=false R CMD check --as-cran --no-manual --output=$(CHECKDIR)-cran $(TARBALL)
	bash tools/check-result.sh $(CHECKDIR)-cran/$(PKG).Rcheck

# The test suite with the C code built under ASan and UBSan.
sanitize: build
	bash tools/sanitize.sh

# The test suite under valgrind's memcheck.
valgrind: install
	cd tests && NOT_CRAN=true R -d "valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite --track-origins=yes --suppressions=$(CURDIR)/tools/valgrind.supp" --vanilla -e 'res <- as.data.frame(testthat::test_dir("testthat", package = "casepool", load_package = "installed", reporter = "summary", stop_on_failure = FALSE)); quit(status = as.integer(sum(res$$failed) > 0))'

# Benchmarks against the reference implementations (not part of make test).
bench: install
	bash tools/bench-deps.sh
	for f in bench/bench-*.R; do case $$f in *helpers*) ;; *) Rscript $$f ;; esac; done
