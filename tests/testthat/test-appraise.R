# A sheet of three reports typed as reviewers type them.
typed_sheet <- function() {
  data.frame(Study = c("Abe 2015", "Bo 2017", "Cruz 2019"),
             Q1 = c("Yes", "no", "Unclear"),
             exposure = c("yes", "Yes", "N"),
             q3 = c("Y", "unclear", "yes"),
             q4 = c("n/a", "No", "yes"),
             q5 = c(TRUE, FALSE, TRUE),
             q6 = c("N/A", "NA", "not applicable"),
             q7 = c(1, 0, 1),
             q8 = c("yes", "yes", "no"),
             notes = c("", "abstract only", ""),
             stringsAsFactors = FALSE)
}

# casepool's overall rule written plainly, for one report's answers.
plain_rule <- function(a, critical, good = 0.75, fair = 0.5) {
  app <- a != "not applicable"
  if (!any(app)) return(NA_character_)
  share <- sum(a == "yes") / sum(app)
  crit <- a[critical]
  if (any(crit == "no") || share < fair) return("poor")
  if (all(crit %in% c("yes", "not applicable")) && share >= good) return("good")
  "fair"
}

test_that("appraisal_items() gives each tool's questions", {
  m <- appraisal_items("murad")
  expect_equal(nrow(m), 8)
  expect_equal(m$domain, c("Selection", "Ascertainment", "Ascertainment", rep("Causality", 4),
                           "Reporting"))
  expect_equal(m$question[5], "Was there a challenge/rechallenge phenomenon?")
  expect_equal(m$item[m$critical], c("q2", "q3", "q7"))
  r <- appraisal_items("jbi-case-report")
  expect_equal(nrow(r), 8)
  expect_equal(r$question[2],
               "Was the patient's history clearly described and presented as a timeline?")
  s <- appraisal_items("jbi-case-series")
  expect_equal(nrow(s), 10)
  expect_equal(s$question[4], "Did the case series have consecutive inclusion of participants?")
  expect_equal(s$question[10], "Was statistical analysis appropriate?")
  expect_equal(appraisal_items(), m)
})

test_that("appraise() reads typed answers, by q-number or key, in any letter case", {
  sheet <- typed_sheet()
  appr <- appraise(sheet, map = c(report = "Study"), answer_levels = c(N = "no"))
  expect_s3_class(appr, "appraisal")
  expect_equal(appr$report, c("Abe 2015", "Bo 2017", "Cruz 2019"))
  as_chr <- function(q) as.character(appr[[q]])
  expect_equal(as_chr("q1"), c("yes", "no", "unclear"))
  expect_equal(as_chr("q2"), c("yes", "yes", "no"))
  expect_equal(as_chr("q3"), c("yes", "unclear", "yes"))
  expect_equal(as_chr("q4"), c("not applicable", "no", "yes"))
  expect_equal(as_chr("q6"), rep("not applicable", 3))
  expect_equal(as_chr("q7"), c("yes", "no", "yes"))
  expect_equal(levels(appr$q1), c("yes", "no", "unclear", "not applicable"))
  expect_equal(appr$notes, c("", "abstract only", ""))
  # an NA is an empty answer, whatever the column's type
  sheet$q5[3] <- NA
  expect_error(appraise(sheet, map = c(report = "Study")),
               "`q5` \\(Challenge/rechallenge\\) is empty in row 3 \\(report Cruz 2019\\)")
})

test_that("the overall judgement follows the documented rule", {
  ans <- c("yes", "no", "unclear", "not applicable")
  set.seed(7)
  n <- 200
  m <- matrix(sample(ans, n * 8, replace = TRUE, prob = c(0.55, 0.15, 0.2, 0.1)), n)
  m[1, ] <- "yes"
  m[2, ] <- "not applicable"
  m[3, ] <- c("yes", "yes", "yes", "no", "yes", "yes", "yes", "yes")   # 7/8, no critical no
  m[4, ] <- c("yes", "no", "yes", "yes", "yes", "yes", "yes", "yes")   # critical no
  m[5, ] <- c("no", "yes", "yes", "no", "yes", "no", "yes", "yes")     # 5/8
  m[6, ] <- c("no", "yes", "yes", "no", "no", "no", "yes", "unclear")  # 3/8
  m[7, ] <- c("yes", "yes", "unclear", "yes", "yes", "yes", "yes", "yes")  # critical unclear
  sheet <- data.frame(report = sprintf("R%03d", seq_len(n)), m, stringsAsFactors = FALSE)
  names(sheet)[-1] <- paste0("q", 1:8)
  appr <- appraise(sheet)
  expected <- apply(m, 1, plain_rule, critical = c(2, 3, 7))
  expect_equal(as.character(appr$overall), expected)
  expect_equal(expected[1:7], c("good", NA, "good", "poor", "fair", "poor", "fair"))
  expect_equal(appr$n_yes, rowSums(m == "yes"))
  expect_equal(appr$n_applicable, rowSums(m != "not applicable"))
  expect_equal(unique(appr$overall_source), "rule")
  # other critical items and cut-offs
  appr2 <- appraise(sheet, critical = c("selection", "q8"), cut = c(good = 0.9, fair = 0.6))
  expect_equal(as.character(appr2$overall),
               apply(m, 1, plain_rule, critical = c(1, 8), good = 0.9, fair = 0.6))
  appr3 <- appraise(sheet, critical = character())
  expect_equal(as.character(appr3$overall), apply(m, 1, plain_rule, critical = integer()))
  expect_equal(attr(appraise(sheet, critical = c(4, 5)), "items")$critical,
               c(FALSE, FALSE, FALSE, TRUE, TRUE, FALSE, FALSE, FALSE))
})

test_that("the reviewer's judgement is used where given, and the rule's kept", {
  sheet <- data.frame(report = c("A", "B", "C"), q1 = "yes", q2 = "yes", q3 = "yes",
                      q4 = "yes", q5 = "no", q6 = "n/a", q7 = "yes", q8 = "yes",
                      overall = c("High", "", "low"))
  appr <- appraise(sheet, overall_levels = c(high = "good", moderate = "fair", low = "poor"))
  expect_equal(as.character(appr$overall), c("good", "good", "poor"))
  expect_equal(appr$overall_source, c("reviewer", "rule", "reviewer"))
  expect_equal(as.character(appr$overall_rule), c("good", "good", "good"))
  expect_output(print(appr), "differs from the rule's in C \\(rule: good\\)")
  # a sheet written from an appraisal reads back the same
  path <- tempfile(fileext = ".csv")
  on.exit(unlink(path))
  utils::write.csv(as.data.frame(appr), path, row.names = FALSE)
  back <- appraise(utils::read.csv(path, na.strings = ""))
  expect_equal(as.character(back$overall), as.character(appr$overall))
  expect_equal(back$overall_source, appr$overall_source)
  expect_equal(as.data.frame(back), as.data.frame(appr))
})

test_that("the JBI checklists read their own items", {
  rep_sheet <- data.frame(report = c("A", "B"), demographics = "yes", history = "no",
                          presentation = "yes", diagnosis = "yes", intervention = "yes",
                          post_condition = c("yes", "unclear"), adverse_events = "no",
                          lessons = "yes")
  a <- appraise(rep_sheet, tool = "jbi-case-report")
  expect_equal(names(a)[2:9], paste0("q", 1:8))
  expect_equal(as.character(a$overall), c("good", "fair"))
  ser <- as.data.frame(matrix("yes", 2, 10), stringsAsFactors = FALSE)
  names(ser) <- paste0("q", 1:10)
  ser$report <- c("S1", "S2")
  ser$q5[2] <- "no"
  s <- appraise(ser, tool = "jbi-case-series")
  expect_equal(as.character(s$overall), c("good", "poor"))
  expect_equal(attr(s, "tool"), "jbi-case-series")
})

test_that("appraise() validation errors name the column, row and report", {
  bad <- data.frame(report = c("Abe 2015", "Abe 2015", NA, "Dutt 2020"),
                    q1 = c("yes", "maybe", "no", "yes"),
                    q2 = c("yes", NA, "", "yes"),
                    Exposure = "yes",
                    q3 = "yes", q4 = "yes", q6 = "no",
                    selection_bias = "x",
                    q8 = c("yes", "yes", "yes", "perhaps"),
                    overall = c("good", "excellent", "", "poor"))
  expect_snapshot(error = TRUE, {
    appraise(bad)
    appraise(data.frame(study = "A", q1 = "yes"))
    appraise(list(report = "A"))
    appraise(bad, tool = "robins")
    appraise(bad, answer_levels = c("yes"))
    appraise(bad, answer_levels = c(Y = "maybe"))
    appraise(bad, overall_levels = c(high = "excellent"))
    appraise(bad, critical = "q12")
    appraise(bad, critical = 0)
    appraise(bad, cut = c(good = 0.5, fair = 0.75))
    appraise(bad, map = c(study = "report"))
    appraise(bad, map = c(report = "Study"))
  })
  expect_error(appraise(bad), class = "casepool_error_appraisal")
})

test_that("a sheet for another tool, list columns and not-reported keys are errors", {
  series <- as.data.frame(nsarc_appraisal)[1:3, c("report", paste0("q", 1:8))]
  series$Q9 <- "yes"
  series$q10 <- "no"
  listed <- as.data.frame(nsarc_appraisal)[1:3, ]
  listed$q1 <- I(as.list(listed$q1))
  unkeyed <- as.data.frame(nsarc_appraisal)[1:3, ]
  unkeyed$report[2:3] <- c("NA", "unknown")
  expect_snapshot(error = TRUE, {
    appraise(series)
    appraise(listed)
    appraise(unkeyed)
  })
  # the same sheet is read by the tool it was made for
  series$q9 <- series$Q9
  series$Q9 <- NULL
  expect_equal(nrow(appraise(series, tool = "jbi-case-series")), 3)
})

# a small case table: report A has a dechallenge, B stopped without relapse,
# C does not say whether the drug was stopped, D did not respond; follow-up
# short in B, missing in C; dose missing in D.
suggest_cases <- function() {
  as_cases(data.frame(
    case_id = c("A1", "A2", "B1", "C1", "D1"),
    report = c("A", "A", "B", "C", "D"),
    response = c("complete", "partial", "partial", "complete", "none"),
    regimen = "every 4 weeks",
    dose = c("5 mg/kg", "5 mg/kg", "5 mg/kg", "5 mg/kg", NA),
    stopped = c(TRUE, FALSE, TRUE, NA, TRUE),
    relapse = c(TRUE, NA, FALSE, NA, NA),
    followup = c(24, 12, 4, NA, 8)))
}

test_that("suggest_appraisal() reads challenge, follow-up and detail off the case table", {
  cases <- suggest_cases()
  s <- suggest_appraisal(cases, min_followup = 6)
  expect_s3_class(s, "appraisal_suggestions")
  get <- function(r, q) s$suggestion[s$report == r & s$item == q]
  expect_equal(vapply(c("A", "B", "C", "D"), get, "", q = "q5", USE.NAMES = FALSE),
               c("yes", "no", "unclear", "no"))
  expect_equal(vapply(c("A", "B", "C", "D"), get, "", q = "q7", USE.NAMES = FALSE),
               c("yes", "no", "unclear", "yes"))
  expect_equal(vapply(c("A", "B", "C", "D"), get, "", q = "q8", USE.NAMES = FALSE),
               c("yes", "yes", "unclear", "no"))
  expect_match(s$reason[s$report == "A" & s$item == "q5"], "A1 was stopped after a response and relapsed")
  expect_match(s$reason[s$report == "B" & s$item == "q7"], "shorter than 6 months in B1 \\(4 months\\)")
  expect_match(s$reason[s$report == "D" & s$item == "q8"], "dose for D1")
  # a longer minimum changes the follow-up suggestions only
  s12 <- suggest_appraisal(cases, min_followup = 10)
  expect_equal(s12$suggestion[s12$item == "q7"], c("yes", "no", "unclear", "no"))
  jr <- suggest_appraisal(cases, tool = "jbi-case-report")
  expect_equal(jr$suggestion[jr$item == "q5"], c("yes", "yes", "yes", "no"))
  js <- suggest_appraisal(cases, tool = "jbi-case-series")
  expect_equal(js$suggestion, c("yes", "yes", "unclear", "yes"))
  expect_output(print(s), "never applied")
})

test_that("suggestions are offered where answers differ, never applied", {
  cases <- suggest_cases()
  sheet <- data.frame(report = c("A", "B", "C", "D"), q1 = "no", q2 = "yes", q3 = "yes",
                      q4 = "unclear", q5 = c("no", "no", "no", "no"), q6 = "n/a",
                      q7 = "yes", q8 = "yes")
  appr <- appraise(sheet, cases = cases)
  expect_equal(as.character(appr$q5), sheet$q5)
  expect_equal(as.character(appr$q7), sheet$q7)
  sug <- attr(appr, "suggestions")
  expect_equal(sug$answer[sug$item == "q5"], rep("no", 4))
  out <- capture.output(print(appr))
  expect_true(any(grepl("A q5 \\(Challenge/rechallenge\\): answered no; the case table suggests yes", out)))
  expect_true(any(grepl("B q7 .*answered yes; the case table suggests no", out)))
  expect_false(any(grepl("D q5", out)))
  # reports not covered on either side: a warning
  expect_warning(appraise(sheet[1:3, ], cases = cases),
                 "reports of the case table not appraised: D", class = "casepool_warning_appraisal")
})

test_that("appraisal_sheet() gives a blank sheet with the suggestions as text", {
  cases <- suggest_cases()
  sheet <- appraisal_sheet(cases)
  expect_equal(sheet$report, c("A", "B", "C", "D"))
  expect_equal(names(sheet), c("report", paste0("q", 1:8), "overall", "suggested", "notes"))
  expect_true(all(sheet$q5 == ""))
  expect_match(sheet$suggested[1], "^q5 yes: A1 was stopped")
  path <- tempfile(fileext = ".csv")
  on.exit(unlink(path))
  expect_invisible(appraisal_sheet(cases, tool = "jbi-case-series", file = path))
  back <- utils::read.csv(path, na.strings = "", stringsAsFactors = FALSE)
  expect_equal(names(back)[2:11], paste0("q", 1:10))
  # filled in, it is read by appraise(); empty answers are errors
  back[paste0("q", 1:10)] <- "yes"
  expect_equal(nrow(appraise(back, tool = "jbi-case-series")), 4)
  expect_error(appraise(utils::read.csv(path), tool = "jbi-case-series"),
               "is empty in rows 1, 2, 3 and 4")
  expect_false("suggested" %in% names(appraisal_sheet(cases, suggestions = FALSE)))
})

test_that("join_appraisal() puts the judgement on the cases; by quality and restricted", {
  appr <- appraise(nsarc_appraisal)
  joined <- join_appraisal(nsarc_cases, appr)
  expect_s3_class(joined, "cases")
  expect_equal(levels(joined$quality), c("good", "fair", "poor"))
  expect_equal(as.character(joined$quality),
               as.character(appr$overall[match(nsarc_cases$report, appr$report)]))
  by_q <- case_tally(joined, improved = response != "none", by = quality)
  good <- case_tally(join_appraisal(nsarc_cases, appr, keep = "good"),
                     improved = response != "none")
  # the same count by hand
  is_good <- nsarc_cases$report %in% appr$report[appr$overall == "good"]
  expect_equal(good$n, sum(is_good))
  expect_equal(good$yes, sum(nsarc_cases$response[is_good] != "none"))
  expect_equal(by_q$yes[by_q$group == "good"], good$yes)
  expect_equal(sum(by_q$n), nrow(nsarc_cases))
  two <- join_appraisal(nsarc_cases, appr, keep = c("good", "fair"))
  expect_equal(nrow(two), sum(joined$quality %in% c("good", "fair")))
  # unappraised reports: NA, with a warning naming the cases
  part <- appraise(nsarc_appraisal[-1, ])
  expect_warning(j2 <- join_appraisal(nsarc_cases, part),
                 "rows 1 and 2 \\(cases S01 and S02\\)", class = "casepool_warning_appraisal")
  expect_true(all(is.na(j2$quality[1:2])))
  # several appraisals, one per tool
  series <- data.frame(report = "sim01", q1 = "yes", q2 = "yes", q3 = "yes", q4 = "yes",
                       q5 = "yes", q6 = "yes", q7 = "yes", q8 = "yes", q9 = "n/a", q10 = "yes")
  both <- join_appraisal(nsarc_cases, list(part, appraise(series, tool = "jbi-case-series")))
  expect_equal(as.character(both$quality[1:2]), c("good", "good"))
  # a report with no applicable item has no judgement: `keep` says it leaves it out
  blank <- as.data.frame(nsarc_appraisal)
  blank[1, paste0("q", 1:8)] <- "n/a"
  blank$overall <- NULL
  unjudged <- appraise(blank)
  expect_true(is.na(unjudged$overall[1]))
  expect_warning(kept <- join_appraisal(nsarc_cases, unjudged, keep = c("good", "fair", "poor")),
                 "rows 1 and 2 \\(cases S01 and S02\\) has no overall judgement",
                 class = "casepool_warning_appraisal")
  expect_equal(nrow(kept), nrow(nsarc_cases) - 2)
  expect_silent(join_appraisal(nsarc_cases, unjudged))
  expect_snapshot(error = TRUE, {
    join_appraisal(joined, appr)
    join_appraisal(nsarc_cases, appr, keep = "excellent")
    join_appraisal(nsarc_cases, nsarc_appraisal)
    join_appraisal(nsarc_cases, list(appr, appr))
    join_appraisal(data.frame(case_id = 1), appr)
  })
})

test_that("summary, tidy, glance, format and as.data.frame", {
  appr <- appraise(nsarc_appraisal, cases = nsarc_cases)
  s <- summary(appr)
  expect_s3_class(s, "appraisal_summary")
  for (q in paste0("q", 1:8)) {
    expect_equal(s$yes[s$item == q], sum(appr[[q]] == "yes"))
    expect_equal(s$no[s$item == q], sum(appr[[q]] == "no"))
  }
  expect_true(is.na(s$prop_yes[s$item == "q6"]))
  expect_equal(unname(attr(s, "overall")[c("good", "fair", "poor")]),
               as.vector(table(appr$overall)))
  expect_snapshot(print(s))
  td <- tidy(appr)
  expect_equal(nrow(td), 24 * 8)
  expect_equal(td$answer[td$report == "sim03" & td$item == "q2"], as.character(appr$q2[3]))
  gl <- glance(appr)
  expect_equal(gl$nobs, 24)
  expect_equal(gl$good + gl$fair + gl$poor, 24)
  expect_snapshot(print(appr))
  df <- as.data.frame(appr)
  expect_equal(class(df), "data.frame")
  expect_null(attr(df, "items"))
  expect_equal(format(appr)$q6, rep("n/a", 24))
  expect_output(print(appr[1:3, ]), "<appraisal> 3 reports")
  bare <- structure(as.data.frame(appr), class = c("appraisal", "data.frame"))
  expect_error(print(bare), "lost its appraisal attributes")
})

test_that("the traffic-light and summary plots draw, and a small device is an error", {
  appr <- appraise(nsarc_appraisal)
  path <- tempfile(fileext = ".png")
  on.exit(unlink(path))
  grDevices::png(path, width = 7, height = 7, units = "in", res = 72)
  d <- plot(appr)
  s <- plot(appr, type = "summary", main = "Murad et al.")
  grDevices::dev.off()
  expect_equal(nrow(d), 24 * 9)
  expect_equal(d$fill[d$column == "Q6"], rep("grey80", 24))
  expect_equal(sum(s$count[s$label == "Overall"]), 24)
  expect_true(file.size(path) > 0)
  grDevices::png(path, width = 2, height = 2, units = "in", res = 72)
  expect_error(plot(appr), "does not fit the graphics device")
  grDevices::dev.off()
  grDevices::png(path, width = 7, height = 2.5, units = "in", res = 72)
  expect_error(plot(appr), "24 reports need a device at least")
  grDevices::dev.off()
  expect_error(plot(appr, type = "bars"), "must be one of")
  expect_error(plot(appr, colour = "red"), class = "casepool_error_dots")
})

test_that("autoplot() draws the same data with ggplot2", {
  skip_if_not_installed("ggplot2")
  appr <- appraise(nsarc_appraisal)
  p <- ggplot2::autoplot(appr)
  expect_s3_class(p, "ggplot")
  b <- ggplot2::ggplot_build(p)
  expect_equal(nrow(b$data[[1]]), 24 * 9)
  q <- ggplot2::autoplot(appr, type = "summary")
  bq <- ggplot2::ggplot_build(q)
  expect_equal(nrow(bq$data[[1]]), 8 * 4 + 4)
  # the legend lists only what is drawn; the key of the items is the caption
  fill <- b$plot$scales$get_scales("fill")
  expect_equal(as.vector(fill$get_breaks()), c("yes", "no", "unclear", "not applicable", "good", "fair",
                                    "poor"))
  expect_match(p$labels$caption, "Q7 Follow-up long enough; Q8 Detail to replicate")
  # counts on the bars wide enough, the same as the base plot writes
  s <- summary_data(appr)
  expect_equal(sort(as.numeric(bq$data[[2]]$label)), sort(s$count[s$share >= 0.06]))
  expect_error(ggplot2::autoplot(appr[0, ]), "no reports to draw")
})

test_that("knit_print() gives the appraisal and its summary as tables", {
  skip_if_not_installed("knitr")
  appr <- appraise(nsarc_appraisal)
  out <- knitr::knit_print(appr)
  expect_match(out, "Appraisal of 24 reports with the Murad et al. \\(2018\\) tool")
  expect_match(out, "Q7 Follow-up long enough \\(critical\\)")
  expect_match(knitr::knit_print(summary(appr)), "Answers per item")
  with_cases <- knitr::knit_print(appraise(nsarc_appraisal, cases = nsarc_cases))
  expect_match(with_cases, "The case table suggests other answers \\(not applied\\): sim06 q5")
})
