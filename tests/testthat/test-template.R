test_that("the case-review template drafts and renders with its skeleton CSV", {
  skip_if_not_installed("rmarkdown")
  skip_if_not(rmarkdown::pandoc_available(), "pandoc is not available")
  dir <- tempfile("review")
  dir.create(dir)
  old <- setwd(dir)
  on.exit({
    setwd(old)
    unlink(dir, recursive = TRUE)
  })
  rmarkdown::draft("my-review.Rmd", template = "case-review", package = "casepool",
                   edit = FALSE)
  expect_true(file.exists(file.path("my-review", "cases.csv")))
  expect_true(file.exists(file.path("my-review", "appraisal.csv")))
  cases <- read_cases(file.path("my-review", "cases.csv"),
                      response_levels = c(CR = "complete", PR = "partial", NR = "none"))
  expect_equal(nrow(cases), 4)
  expect_equal(cases$dose_unit, c("mg/kg", "mg/kg", "mg/m2", "mg"))
  out <- rmarkdown::render(file.path("my-review", "my-review.Rmd"), quiet = TRUE,
                           envir = new.env())
  html <- paste(readLines(out, warn = FALSE), collapse = "\n")
  # the inline sentence, from binom.test's interval for 3 responders of 4
  ci <- binom.test(3, 4)$conf.int
  expect_match(html, sprintf("3 of 4 \\(75%%; 95%% CI %.0f%% to %.0f%%\\)",
                             100 * ci[1], 100 * ci[2]))
  # pandoc wraps lines: match across them (grepl, so a failure does not
  # print the whole page)
  html <- gsub("[[:space:]]+", " ", html)
  # the PRISMA section counts the included reports and cases from the case table
  n_reports <- length(unique(cases$report))
  included <- sprintf("%d studies (%d reports) with %d cases were included",
                      n_reports, n_reports, nrow(cases))
  expect_true(grepl(included, html, fixed = TRUE), label = included)
  # the appraisal sheet covers the same reports, one row each
  sheet <- utils::read.csv(file.path("my-review", "appraisal.csv"), check.names = FALSE)
  expect_setequal(sheet$report, unique(cases$report))
  appraised <- sprintf("Appraisal of %d reports with the Murad et al", nrow(sheet))
  expect_true(grepl(appraised, html, fixed = TRUE), label = appraised)
})
