skip_if_not_installed("knitr")
library(survival)

# knit_print() as knitr calls it for a chunk's value, as Markdown
knitted <- function(x) {
  withr_opts <- options(knitr.table.format = "pipe")
  on.exit(options(withr_opts))
  out <- knitr::knit_print(x, options = list())
  expect_s3_class(out, "knit_asis")
  strsplit(as.character(out), "\n")[[1]]
}

# the rows of the first pipe table in some Markdown lines, as a character
# matrix (header first)
pipe_rows <- function(lines) {
  rows <- grep("^\\|", lines, value = TRUE)
  rows <- rows[!grepl("^\\|[-:| ]+\\|$", rows)]
  cells <- lapply(strsplit(rows, "\\|"), function(r) trimws(r[-1]))
  do.call(rbind, cells)
}

test_that("a fit knits as a table of its medians, with a caption", {
  fit <- time_to_response(Surv(time, status) ~ x, data = aml)
  lines <- knitted(fit)
  expect_true(any(grepl("Time to response: Kaplan-Meier, log-log 95% intervals",
                        lines, fixed = TRUE)))
  tab <- pipe_rows(lines)
  expect_equal(tab[1, ], c("stratum", "n", "responded", "median", "95% CI"))
  f <- format(fit)
  expect_equal(tab[-1, 1], rownames(f))
  expect_equal(as.numeric(tab[-1, 4]), f$median)
  expect_equal(tab[-1, 5], f[["95% CI"]])
  # notes follow the table
  d <- aml
  d$time[4] <- NA
  omit <- knitted(time_to_response(Surv(time, status) ~ 1, data = d, na.action = na.omit))
  expect_true(any(grepl("1 row without a usable time left out by na.action: row 4",
                        omit, fixed = TRUE)))
  cases_fit <- knitted(time_to_response(nsarc_cases, unit = "infusions"))
  expect_true(any(grepl("cases gave no time", cases_fit)))
  ic <- knitted(time_to_response(Surv(left, right, type = "interval2") ~ 1,
                                 data = cosmesis_rt()))
  expect_true(any(grepl("Turnbull NPMLE", ic)))
})

test_that("a tally knits as its formatted table", {
  tab <- case_tally(nsarc_cases, stopped, improved = response != "none", by = c(sex))
  lines <- knitted(tab)
  rows <- pipe_rows(lines)
  f <- format(tab)
  expect_equal(rows[1, ], names(f))
  expect_equal(unname(rows[-1, , drop = FALSE]), unname(as.matrix(f)))
  expect_true(any(grepl("Tally by sex: percentages with 95% CI (Clopper-Pearson)",
                        lines, fixed = TRUE)))
})

test_that("completeness, remission, timelines and case tables knit as tables", {
  comp <- completeness(nsarc_cases)
  rows <- pipe_rows(knitted(comp))
  expect_equal(rows[-1, 1], comp$column)
  expect_equal(rows[-1, 2], comp$text)

  rem <- knitted(remission_after_stop(nsarc_cases))
  expect_equal(sum(grepl("^\\|.*outcome", rem)), 2)
  expect_true(any(grepl("Relapse-free time after stopping, in months", rem)))
  expect_true(any(grepl("sustained", rem)))

  tl <- case_timeline(nsarc_cases)
  rows <- pipe_rows(knitted(tl))
  expect_equal(nrow(rows) - 1, nrow(nsarc_cases))
  expect_equal(rows[-1, 1], tl$case_id)

  cs <- knitted(nsarc_cases)
  rows <- pipe_rows(cs)
  expect_equal(nrow(rows) - 1, nrow(nsarc_cases))
  expect_false("onset_lower" %in% rows[1, ])
  expect_true("case_id" %in% rows[1, ])
  expect_true(any(grepl("^Table: 34 cases from", cs)))
})

test_that("in a knitted document the results are tables, in the console text", {
  rmd <- tempfile(fileext = ".Rmd")
  md <- tempfile(fileext = ".md")
  writeLines(c(
    "```{r, echo = FALSE}",
    "library(casepool)",
    "case_tally(nsarc_cases, stopped)",
    "```"), rmd)
  knitr::knit(rmd, md, quiet = TRUE, envir = new.env())
  out <- readLines(md)
  expect_true(any(grepl("^\\|.*yes/n", out)))
  expect_false(any(grepl("<case_tally>", out, fixed = TRUE)))
  expect_output(print(case_tally(nsarc_cases, stopped)), "<case_tally>")
})
