# The case model's bad inputs: one row per call, what it must give and what
# the message must name.  Rows marked child run in a fresh R process, where
# C reads long or odd text and a crash is possible.

ok <- data.frame(case_id = c("a", "b"), onset = c("overnight", "after the 2nd dose"),
                 response = c("complete", "partial"), regimen = "weekly x4",
                 stopped = c(TRUE, FALSE))
cases <- as_cases(ok)
long <- function(piece, n) paste(rep(piece, n), collapse = "")
with_col <- function(...) {
  d <- data.frame(case_id = c("a", "b"))
  args <- list(...)
  for (nm in names(args)) d[[nm]] <- args[[nm]]
  d
}
dup_ids <- data.frame(case_id = rep(c("x", "y"), 5e4))
unnamed <- data.frame(case_id = 1:2, v = 3:4)
names(unnamed)[2] <- NA
listcol <- data.frame(case_id = 1:2)
listcol$age <- list(1, 2:3)
matcol <- data.frame(case_id = 1:2)
matcol$m <- matrix(1:4, 2)
edited <- cases
edited$regimen[2] <- "every 4-8 weeks"
px <- parse_onset("after the 2nd infusion")

rows <- list(
  # as_cases: the table and its names
  list(quote(as_cases(NULL)), "error", "`data` must be a data frame"),
  list(quote(as_cases(list(case_id = 1))), "error", "`data` must be a data frame"),
  list(quote(as_cases(ok, map = c(case_id = NA))), "error", "`map` must be a named"),
  list(quote(as_cases(ok, map = c(patient = "case_id"))), "error", "`map` names must be canonical"),
  list(quote(as_cases(ok, map = c(report = "Ref"))), "error", "its columns are"),
  list(quote(as_cases(ok, map = c(dose_value = "onset"))), "error", "`map` names must be canonical"),
  list(quote(as_cases(cbind(ok, ok["onset"]))), "error", "more than one column named `onset`"),
  list(quote(as_cases(unnamed)), "error", "without a name: column 2"),
  list(quote(as_cases(listcol)), "error", "`age` must be a column of single values"),
  list(quote(as_cases(matcol)), "error", "`m` must be a column of single values"),
  list(quote(as_cases(data.frame(case_id = c(NA, NA)))), "error", "`case_id` is missing in rows 1 and 2"),
  list(quote(as_cases(dup_ids)), "error", "duplicated ids: \"x\" \\(rows 1, 3, 5, 7, 9 and 49995 more\\)"),
  # responses
  list(quote(as_cases(with_col(response = c("CR", "NR")))), "error", "\"NR\" in row 2 \\(case b\\)"),
  list(quote(as_cases(with_col(response = c("CR", "PR")))), "error", "Map your codes with `response_levels`"),
  list(quote(as_cases(with_col(response = 1:2))), "error", "rows 1 and 2 \\(cases a and b\\) hold 1 and 2"),
  list(quote(as_cases(ok, response_levels = "complete")), "error", "`response_levels` must be a named"),
  list(quote(as_cases(ok, response_levels = c(CR = "full"))), "error", "must map codes onto"),
  list(quote(as_cases(ok, response_levels = c(CR = "complete", cr = "none"))), "error",
       "`response_levels` must be a named"),
  list(quote(as_cases(ok, response_levels = c(CR = 1))), "error", "`response_levels` must be a named"),
  # regimens
  list(quote(as_cases(with_col(regimen = c("every 4-8 weeks", "q4w")))), "error",
       "`regimen` could not be read in row 1 \\(case a\\).*range"),
  list(quote(as_cases(with_col(regimen = c("biweekly", NA)))), "error", "ambiguous"),
  list(quote(as_cases(with_col(regimen = c(8, 4)))), "error", "read by no rule"),
  list(quote(as_cases(with_col(regimen = c("weekly x4 then monthly", NA)))), "error", "two intervals"),
  list(quote(as_cases(with_col(regimen = c("days 1 and 15 every 6 months", NA)))), "error",
       "\"then every ...\""),
  list(quote(as_cases(with_col(regimen = c(long("1, ", 1e5), NA)))), "error",
       "`regimen` could not be read", child = TRUE),
  list(quote(as_cases(with_col(regimen = c(long("weekly ", 2e5), NA)))), "error",
       "weekly weekly [a-z ]+[.][.][.]\"; two intervals", child = TRUE),
  list(quote(as_cases(with_col(regimen = c("days 1-100000", NA)))), "error", "too large", child = TRUE),
  list(quote(as_cases(with_col(regimen = c("caf\xff weekly", NA)))), "warning", "not valid UTF-8", child = TRUE),
  list(quote(as_cases(with_col(interval_weeks = c(0, 4)))), "error", "`interval_weeks` must be above 0"),
  list(quote(as_cases(with_col(interval_weeks = c(8, NA), regimen = c("q4w", NA)))), "error",
       "`interval_weeks` disagrees with `regimen` in row 1 \\(case a\\)"),
  # doses
  list(quote(as_cases(with_col(dose = c(5, 3)))), "error", "`dose` needs its unit"),
  list(quote(as_cases(with_col(dose = c("5", NA)))), "error", "a dose needs its unit"),
  list(quote(as_cases(with_col(dose = c("5 mg/kg and 10 mg/kg", NA)))), "error", "two doses"),
  list(quote(as_cases(with_col(dose = c("-5 mg/kg", NA)))), "error", "negative"),
  list(quote(as_cases(with_col(dose = c("1e400 mg", NA)))), "error", "too large"),
  list(quote(as_cases(with_col(dose = c("3-5 mg/kg", NA)))), "error", "range"),
  list(quote(as_cases(with_col(dose = c("99999999999999999999 mg", NA)))), "error", "too large"),
  list(quote(as_cases(with_col(dose = c("5 mg/kg", "10 mg/kg"), dose_mg_kg = c(5, 1)))), "error",
       "`dose_mg_kg` disagrees with `dose` in row 2 \\(case b\\)"),
  list(quote(as_cases(with_col(dose = c(long("mg ", 2e5), NA)))), "error", "`dose`", child = TRUE),
  # follow-up
  list(quote(as_cases(with_col(followup = c("soon", "12")))), "error", "`followup` could not be read in row 1 \\(case a\\)"),
  list(quote(as_cases(with_col(followup = c(-1, 12)))), "error", "`followup` must not be negative"),
  list(quote(as_cases(with_col(followup = c(Inf, 12)))), "error", "`followup` must be months"),
  list(quote(as_cases(with_col(followup = c("1e400", "12")))), "error", "`followup` could not be read"),
  list(quote(as_cases(with_col(followup = c("99999999999999999999", "12")))), "error", "`followup` could not be read"),
  list(quote(as_cases(with_col(followup = c("12-18 months", "12")))), "error", "`followup` could not be read"),
  list(quote(as_cases(with_col(followup_after_stop = c("2 weeks later", NA)))), "error", "`followup_after_stop`"),
  # counts, yes/no, onset bounds
  list(quote(as_cases(with_col(n_infusions = c(-1, 2)))), "error", "`n_infusions` must not be negative"),
  list(quote(as_cases(with_col(n_infusions = c(2.5, 2)))), "error", "`n_infusions` must be a whole number"),
  list(quote(as_cases(with_col(n_infusions = c(Inf, 2)))), "error", "`n_infusions` must be a number"),
  list(quote(as_cases(with_col(n_infusions = c(NaN, 2)))), "error", "`n_infusions` must be a number"),
  list(quote(as_cases(with_col(n_infusions = c("three", "2")))), "error", "`n_infusions` must be a number"),
  list(quote(as_cases(with_col(stopped = c("maybe", "yes")))), "error", "`stopped` must be TRUE/FALSE"),
  list(quote(as_cases(with_col(stopped = c(2, 1)))), "error", "`stopped` must be TRUE/FALSE"),
  list(quote(as_cases(with_col(stopped = c(FALSE, TRUE), relapse = c(TRUE, NA)))), "error",
       "`relapse` is TRUE where `stopped` is FALSE in row 1 \\(case a\\)"),
  list(quote(as_cases(with_col(onset_lower = c(Inf, 1), onset_upper = c(Inf, 1), onset_unit = "days"))),
       "error", "`onset_lower` must be finite"),
  list(quote(as_cases(with_col(onset_lower = c(3, 1), onset_upper = c(2, 1), onset_unit = "days"))),
       "error", "`onset_lower` is above `onset_upper` in row 1 \\(case a\\)"),
  list(quote(as_cases(with_col(onset_lower = 1, onset_upper = 1, onset_unit = "weeks"))),
       "error", "`onset_unit` must be days, infusions, courses"),
  list(quote(as_cases(with_col(onset_lower = 1, onset_upper = 1, onset_unit = "days", onset_from = 0))),
       "error", "`onset_from` must not be below 1"),
  list(quote(as_cases(with_col(onset_lower = c(1, NA), onset_upper = c(1, 2), onset_unit = "days"))),
       "error", "both be given or both be empty"),
  # onset text and warnings about cases
  list(quote(as_cases(with_col(onset = c(long("x", 1e6), NA)))), "warning", "`onset`", child = TRUE),
  list(quote(as_cases(with_col(onset = c("after the \xff second infusion", NA)))), "warning",
       "not valid UTF-8 in row 1 \\(case a\\)", child = TRUE),
  list(quote(as_cases(with_col(onset = c("after 2 weeks", NA), response = c("none", NA)))),
       "warning", "censored, not events, in row 1 \\(case a\\)"),
  list(quote(as_cases(with_col(onset = c("after 2 years", NA), followup = c(6, NA)))),
       "warning", "after the end of follow-up \\(`followup`\\) in row 1 \\(case a\\)"),
  list(quote(as_cases(with_col(response = c("none", NA), stopped = TRUE, relapse = c(TRUE, NA)))),
       "warning", "non-responders, who had no remission"),
  # read_cases
  list(quote(read_cases(NA_character_)), "error", "`path` must be a single string"),
  list(quote(read_cases(1)), "error", "`path` must be a single string"),
  list(quote(read_cases(c("a", "b"))), "error", "`path` must be a single string"),
  list(quote(read_cases("no/such/file.csv")), "error", "`path` does not exist"),
  list(quote(read_cases(tempdir())), "error", "`path` is a folder"),
  # regimens and conversions
  list(quote(regimen(NA_character_)), "error", "`schedule` must be a single string"),
  list(quote(regimen(c("a", "b"))), "error", "`schedule` must be a single string"),
  list(quote(regimen("")), "error", "not reported"),
  list(quote(regimen(induction_weeks = "0")), "error", "`induction_weeks` must be finite numbers"),
  list(quote(regimen(induction_weeks = c(0, 0))), "error", "must start at 0 .* and increase"),
  list(quote(regimen(induction_weeks = 0, every_weeks = Inf)), "error", "`every_weeks` must be"),
  list(quote(read_regimen(1)), "error", "`x` must be a character vector of regimens"),
  list(quote(read_regimen(long("1 ", 2e5))), "value", NA, child = TRUE),
  list(quote(read_regimen(long("every ", 2e5))), "value", NA, child = TRUE),
  list(quote(infusion_day(1:3, NULL)), "error", "`regimen` is required"),
  list(quote(infusion_day(2.5, "weekly")), "error", "`k` must hold whole numbers"),
  list(quote(infusion_day(NA, "weekly")), "value", NA),
  list(quote(infusion_day(1e300, "weekly")), "value", NA),
  list(quote(infusions_by_day(c(1e308, -1e308, NaN), "weekly")), "value", NA),
  list(quote(infusions_by_day(1, c("weekly", "monthly"))), "error", "one per element"),
  list(quote(onset_days(px)), "error", "needs a regimen for row 1"),
  list(quote(onset_days(px, "weekly", n_infusions = "a")), "error", "`n_infusions` must be numeric"),
  list(quote(onset_days(px, regimen = 5)), "error", "`regimen` must be a regimen"),
  list(quote(onset_infusions(px, c("weekly", "monthly"))), "error", "one regimen or one per element"),
  # timelines and what uses them
  list(quote(case_timeline(data.frame(case_id = 1))), "error", "must be a case table"),
  list(quote(case_timeline(cases, regimen = "every 4-8 weeks")), "error", "`regimen` could not be read"),
  list(quote(case_timeline(edited)), "error", "`regimen` could not be read in row 2 \\(case b\\)"),
  list(quote(time_to_response(cases, unit = "weeks")), "error", "`unit` must be one of \"days\" or \"infusions\""),
  list(quote(time_to_response(cases, regimen = list())), "error", "`regimen` must be a regimen"),
  list(quote(time_to_response(as_cases(data.frame(case_id = "z", onset = "after the 3rd dose")))),
       "error", "needs a regimen for row 1 \\(case z\\)"),
  list(quote(response_by_infusion(cases, k = "1")), "error", "`k` must be whole numbers"),
  list(quote(response_by_infusion(cases, k = c(1, NA))), "error", "`k` must be whole numbers"),
  list(quote(remission_after_stop(list())), "error", "must be a case table"),
  list(quote(remission_after_stop(cases, conf_level = 2)), "error", "`conf_level`"),
  list(quote(remission_after_stop(cases, method = "bayes")), "error", "`method`"),
  list(quote(completeness(cases, by = "row")), "error", "`by` must be one of \"column\" or \"case\""),
  list(quote(completeness(NULL)), "error", "`cases` must be a data frame"),
  list(quote(swimmer_plot(cases, unit = "years")), "error", "`unit` must be one of"),
  list(quote(swimmer_plot(cases, label = 1)), "error", "`label` must be one of"),
  list(quote(swimmer_plot(cases, col = NA)), "error", "`col` must be colours"),
  list(quote(swimmer_plot(cases, xlim = "a")), "error", "`xlim` must be two finite numbers"),
  list(quote(swimmer_plot(cases[0, ])), "error", "no cases to draw"),
  list(quote(swimmer_plot(cases, col = 1e10)), "error", "`col` must be colours"),
  list(quote(swimmer_plot(cases, col = "nocolour")), "error", "`col` must be colours"),
  list(quote(swimmer_plot(cases, main = mean)), "error", "`main` must be text"),
  list(quote(swimmer_plot(cases, legend = "middle")), "error", "`legend` must be NULL"),
  list(quote(plot(case_tally(cases, stopped), xlab = list())), "error", "`xlab` must be text"),
  list(quote(tally_text(case_tally(cases, stopped), outcome = mean)), "error", "`outcome` must be NULL"),
  list(quote(completeness(data.frame(case_id = 1:3))), "error", "no columns to count"),
  list(quote(binom_ci(NA, 10)), "value", NA),
  list(quote(binom_ci(3, NA)), "value", NA),
  list(quote(swimmer_plot(as_cases(data.frame(case_id = 1, regimen = "weekly", n_infusions = 1e7)))),
       "warning", "Only the first 1000 infusions are drawn for row 1 \\(case 1\\), which has 10000000")
)

test_that("every bad input to the case model gets a clear error or a documented warning", {
  # the child rows need the package installed (as in R CMD check)
  installed <- length(find.package("casepool", lib.loc = .libPaths(), quiet = TRUE)) > 0
  pdf(NULL)
  on.exit(grDevices::dev.off())
  for (row in rows) {
    call <- row[[1]]
    label <- deparse1(call)
    kind <- row[[2]]
    if (isTRUE(row$child) && installed) {
      setup <- c(sprintf("long <- %s", deparse1(long)),
                 sprintf("with_col <- %s", paste(deparse(with_col), collapse = "\n")))
      res <- run_in_child(deparse1(call), setup)
      expect_equal(res$status, 0L, label = paste("exit status of", label))
      expect_equal(res$kind, kind, label = paste(label, res$message))
      if (kind != "value") expect_match(res$message, row[[3]], label = label)
    } else if (isTRUE(row$child)) {
      next
    } else if (kind == "error") {
      expect_error(eval(call), row[[3]], class = "casepool_error", label = label)
    } else if (kind == "warning") {
      expect_warning(eval(call), row[[3]], class = "casepool_warning", label = label)
    } else {
      expect_no_error(suppressWarnings(eval(call)), message = label)
    }
  }
  expect_gte(length(rows), 100)
})
