month <- 365.25 / 12
year <- 365.25

read_fixture <- function() {
  f <- utils::read.csv(test_path("fixtures", "onset-phrases.csv"),
                       stringsAsFactors = FALSE, na.strings = character(),
                       encoding = "UTF-8")
  num <- function(v) suppressWarnings(as.double(v))
  f$lower <- num(f$lower)
  f$upper <- num(f$upper)
  f$from_infusion <- num(f$from_infusion)
  f$unit[f$unit == "NA"] <- NA
  f
}

# One phrase's answer as a list, for expect_equal().
ans <- function(x) {
  r <- onset_scan(x)
  stopifnot(nrow(r) == 1)
  list(r$lower, r$upper, r$unit, r$from_infusion, r$status)
}
read_as <- function(lower, upper, unit = "days", from = 1) {
  list(lower, upper, unit, from, "read")
}
none <- function(status) list(NA_real_, NA_real_, NA_character_, NA_real_, status)

expect_reads <- function(phrases, lower, upper, unit = "days", from = 1) {
  for (p in phrases) {
    expect_equal(ans(p), read_as(lower, upper, unit, from), tolerance = 1e-12, label = p)
  }
}
expect_status <- function(phrases, status) {
  for (p in phrases) expect_equal(ans(p), none(status), label = p)
}

# A random check of the invariants every answer keeps.
expect_consistent <- function(res) {
  read <- res$status == "read"
  expect_false(anyNA(res$status))
  expect_true(all(res$status %in% c("read", "not_reported", "unreadable", "vague",
                                    "no_response")))
  expect_false(anyNA(res$lower[read]))
  expect_false(anyNA(res$upper[read]))
  expect_true(all(res$lower[read] >= 0))
  expect_true(all(res$lower[read] <= res$upper[read]))
  expect_true(all(res$lower[read] <= 1e6))
  expect_true(all(res$upper[read] <= 1e6 | res$upper[read] == Inf))
  expect_true(all(res$unit[read] %in% c("days", "infusions", "courses")))
  expect_true(all(res$from_infusion[read] >= 1))
  fin <- read & is.finite(res$from_infusion)
  expect_true(all(res$from_infusion[fin] == round(res$from_infusion[fin])))
  expect_true(all(res$from_infusion[read & res$unit != "days"] == 1))
  expect_true(all(is.na(res$lower[!read]) & is.na(res$upper[!read]) &
                    is.na(res$unit[!read]) & is.na(res$from_infusion[!read])))
}

test_that("the fixture's phrases read as the contract says", {
  f <- read_fixture()
  expect_gte(nrow(f), 400)
  got <- onset_scan(f$text)
  expect_equal(got$text, f$text)
  expect_equal(got$status, f$status)
  read <- f$status == "read"
  expect_equal(got$unit, f$unit)
  expect_equal(got$lower, f$lower, tolerance = 1e-12)
  expect_equal(got$upper, f$upper, tolerance = 1e-12)
  expect_equal(got$from_infusion, f$from_infusion)
  expect_true(all(is.na(got$lower[!read])))
  # every status, unit and kind of starting infusion is in the fixture
  expect_setequal(f$status, c("read", "not_reported", "unreadable", "vague", "no_response"))
  expect_setequal(f$unit[read], c("days", "infusions", "courses"))
  expect_true(all(c(1, 2, 3, 4, Inf) %in% f$from_infusion))
})

test_that("the first contract's answers stand, but for five the second changed", {
  f <- read_fixture()[1:233, ]
  changed <- c("within weeks", "gradually over months", "during the 2nd week",
               "after several infusions", "after the second infusion, 10 days later")
  expect_true(all(changed %in% f$text))
  old_unreadable <- c("soon", "rapidly", "4-2 weeks", "eventually", "improved",
                      "after the infusion", "between 3 and 1 months")
  expect_equal(f$status[f$text %in% old_unreadable], rep("unreadable", 7))
  expect_equal(ans("within weeks"), none("vague"))
  expect_equal(ans("gradually over months"), none("vague"))
  expect_equal(ans("during the 2nd week"), read_as(7, 14))
  expect_equal(ans("after several infusions"), none("vague"))
  expect_equal(ans("after the second infusion, 10 days later"), read_as(10, 10, from = 2))
  # every other first-contract phrase reads from the first infusion or not at all
  rest <- f[!f$text %in% changed, ]
  expect_true(all(rest$from_infusion %in% c(1, NA)))
  expect_true(all(rest$status %in% c("read", "not_reported", "unreadable")))
})

test_that("?parse_onset's table of examples is what the parser gives", {
  rd <- tools::Rd_db("casepool")[["parse_onset.Rd"]]
  skip_if(is.null(rd), "help pages not installed")
  txt <- paste(as.character(rd), collapse = "")
  start <- regexpr("\\tabular{llllll}{", txt, fixed = TRUE)
  body <- substr(txt, start, nchar(txt))
  body <- substr(body, 1, regexpr("\\cr\n}", body, fixed = TRUE) + 2)
  lines <- strsplit(body, "\\cr", fixed = TRUE)[[1]][-1]
  expect_gte(length(lines), 30)
  cell <- function(v) trimws(gsub("\\\\code\\{(.*)\\}", "\\1", trimws(v)))
  n_phrases <- 0
  for (line in lines) {
    cells <- trimws(strsplit(line, "\\tab", fixed = TRUE)[[1]])
    if (length(cells) != 6) next
    codes <- regmatches(cells[1], gregexpr("\\\\code\\{[^}]*\\}", cells[1]))[[1]]
    phrases <- gsub("^\\\\code\\{\"?|\"?\\}$", "", codes)
    phrases[codes == "\\code{NA}"] <- NA
    num <- function(v) if (cell(v) == "NA") NA_real_ else as.double(cell(v))
    unit <- if (cell(cells[4]) == "NA") NA_character_ else cell(cells[4])
    want <- list(num(cells[2]), num(cells[3]), unit, num(cells[5]), cell(cells[6]))
    for (p in phrases) {
      expect_equal(ans(p), want, tolerance = 1e-12, label = deparse(p))
      n_phrases <- n_phrases + 1
    }
  }
  expect_gte(n_phrases, 130)
})

test_that("units, abbreviations and clinical shorthand", {
  expect_reads(c("48 hr", "48hr", "48 hours", "2 d", "2/7", "after 2/7"), 2, 2)
  expect_reads(c("2 wks", "2 wk", "two weeks", "a fortnight", "2/52", "14 days"), 14, 14)
  expect_reads(c("6 mo", "6 mos", "6 mths", "six months", "6/12", "half a year"), 182.625, 182.625)
  expect_reads(c("1 yr", "a year", "12 months", "12/12"), year, year)
  expect_reads("within 90 minutes", 0, 90 / 1440)
  expect_reads("within 3/52", 0, 21)
  # N/M followed by a unit is a fraction of it, never shorthand
  expect_reads("1/2 week", 3.5, 3.5)
  expect_reads("3/4 month", 0.75 * month, 0.75 * month)
  # a date is not a number of anything
  expect_status("improved on 3/5/2014", "unreadable")
})

test_that("decimal points, decimal commas and thousands separators", {
  expect_reads(c("2,5 weeks", "2.5 weeks"), 17.5, 17.5)
  expect_reads("after 1,5 months", 1.5 * month, 1.5 * month)
  expect_reads("10,25 days", 10.25, 10.25)
  # a comma then three digits: 1 or 1000? never a guess
  expect_status(c("1,000 days", "after 1,000,000 days", "within 2,500 days"), "unreadable")
  # a comma then a blank separates
  expect_reads("responded, 3 weeks after the first infusion", 21, 21)
})

test_that("fractions and numbers in words", {
  expect_reads(c("1 1/2 weeks", "1\u00bd weeks", "one and a half weeks", "1-1/2 weeks",
                 "a week and a half"), 10.5, 10.5)
  expect_reads(c("half a month", "1/2 month"), month / 2, month / 2)
  expect_reads("half an hour", 1 / 48, 1 / 48)
  expect_reads("two and a half months", 2.5 * month, 2.5 * month)
  ones <- c("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
  for (k in 1:9) {
    expect_reads(c(sprintf("twenty-%s days", ones[k]), sprintf("twenty %s days", ones[k])),
                 20 + k, 20 + k)
  }
  expect_reads(c("thirty days", "after thirty days"), 30, 30)
  expect_reads("after the twenty-first infusion", 21, 21, "infusions")
  expect_reads(c("after the 22nd infusion", "after the twenty-second infusion"), 22, 22,
               "infusions")
  expect_reads("after the thirtieth dose", 30, 30, "infusions")
  expect_reads(c("after the 3rd infusion", "after the 3RD infusion"), 3, 3, "infusions")
  expect_status(c("a hundred days", "a dozen infusions", "two thousand days"), "unreadable")
})

test_that("hyphenated adjectives are not ranges; dashes and words are", {
  expect_reads(c("after a 6-month interval", "six-month delay", "a 6-month lag"),
               182.625, 182.625)
  expect_reads("a three-week delay", 21, 21)
  expect_reads(c("2-4 weeks", "2\u20134 weeks", "2\u20144 weeks", "2\u22124 weeks",
                 "2 - 4 weeks", "2 to 4 weeks", "2 or 4 weeks", "from 2 to 4 weeks",
                 "between 2 and 4 weeks", "two-four weeks", "weeks 2-4",
                 "between week 2 and week 4"), 14, 28)
  expect_reads("24-48 hours", 1, 2)
  expect_reads("2 weeks to 3 months", 14, 3 * month)
  expect_reads("1 month and 2 weeks", month + 14, month + 14)
  expect_status(c("4-2 weeks", "between 3 and 1 months"), "unreadable")
})

test_that("bounds: within, by, no later than, over; more than, beyond", {
  upper <- c("within 3 weeks", "by 3 weeks", "less than 3 weeks", "under 3 weeks",
             "up to 3 weeks", "before 3 weeks", "no later than 3 weeks",
             "not later than 3 weeks", "no more than 3 weeks", "<3 weeks",
             "\u2264 3 weeks", "over 3 weeks", "gradual improvement over 3 weeks",
             "over the next 3 weeks", "over the course of 3 weeks",
             "within the first 3 weeks", "in the first 3 weeks", "within approximately 3 weeks")
  expect_reads(upper, 0, 21)
  expect_reads(c("by week 3", "until week 3"), 0, 21)
  lower <- c("more than 3 weeks", "beyond 3 weeks", "longer than 3 weeks",
             "later than 3 weeks", "at least 3 weeks", "after more than 3 weeks",
             ">3 weeks", "\u2265 3 weeks")
  expect_reads(lower, 21, Inf)
  # "no later than" is a bound, not a negation
  expect_equal(ans("improved no later than 2 weeks")[[5]], "read")
})

test_that("exact times: N units, after N, N later, day N, week N", {
  expect_reads(c("10 days", "after 10 days", "10 days later", "day 10", "on day 10",
                 "Day 10", "at 10 days", "in 10 days", "about 10 days", "~10 days",
                 "approximately 10 days", "10 days thereafter"), 10, 10)
  expect_reads(c("at week 6", "week 6"), 42, 42)
  expect_reads("day 0", 0, 0)
  expect_reads("days 3-5", 3, 5)
})

test_that("a week or month by ordinal, and within the first one", {
  for (k in 1:5) {
    w <- c("first", "second", "third", "fourth", "fifth")[k]
    expect_reads(c(sprintf("in the %s week", w), sprintf("during the %s week", w)),
                 7 * (k - 1), 7 * k)
  }
  expect_reads(c("in the 2nd week", "during the 2nd week"), 7, 14)
  expect_reads("during the second month", month, 2 * month)
  expect_reads(c("within the first month", "during the first month",
                 "in the first month"), 0, month)
  expect_reads(c("by the second week", "within the second week"), 0, 14)
  expect_reads("on the third day", 2, 3)
  expect_reads("before the third week", 0, 14)
  expect_reads("beyond the second week", 14, Inf)
})

test_that("follow-up visits: the response was found at that visit", {
  expect_reads(c("at the 6-month follow-up", "by the six-month follow-up",
                 "at 6 months of follow-up", "at 6-month follow up", "6-month follow-up visit",
                 "at the 6 month followup", "follow-up at 6 months", "at the 6-month visit",
                 "at follow-up after 6 months"), 0, 6 * month)
  expect_reads("at 24-month follow-up", 0, 24 * month)
  expect_reads("at the 1-year follow-up", 0, year)
  expect_reads("at the 6-month follow-up after the second infusion", 0, 6 * month, from = 2)
})

test_that("at once: overnight, immediately, same day, next day", {
  expect_reads(c("overnight", "immediately", "improved immediately", "same day",
                 "the same day", "same-day", "next day", "next-day", "the following day",
                 "the next morning", "the following morning", "the day after",
                 "the day after the infusion", "immediately after the infusion",
                 "within 24 hours", "within a day"), 0, 1)
  expect_reads(c("overnight after the second infusion", "immediately after the second dose",
                 "the day after the 2nd infusion", "on the next day after the second infusion",
                 "within 24 hours of the second infusion"), 0, 1, from = 2)
  expect_reads("overnight after the last infusion", 0, 1, from = Inf)
  expect_reads("a day after", 1, 1)
})

test_that("a time after a later infusion is counted from it", {
  for (k in 2:5) {
    o <- c("second", "third", "fourth", "fifth")[k - 1]
    expect_reads(c(sprintf("2 weeks after the %s infusion", o),
                   sprintf("14 days following the %s dose", o),
                   sprintf("2 weeks after receiving the %s infusion", o),
                   sprintf("2 weeks post %s infusion", o),
                   sprintf("after the %s infusion, 2 weeks later", o),
                   sprintf("2 weeks after infusion %d", k),
                   sprintf("2 weeks after %d infusions", k)), 14, 14, from = k)
    expect_reads(sprintf("within 10 days of the %s infusion", o), 0, 10, from = k)
  }
  expect_reads(c("6 weeks after the last infusion", "6 weeks after the final dose",
                 "42 days after the last dose"), 42, 42, from = Inf)
  expect_reads(c("after the last infusion", "after the final dose"), 0, Inf, from = Inf)
  expect_reads("2 weeks after the first infusion", 14, 14)
  expect_reads("within 2 weeks, after the first infusion", 0, 14)
  expect_reads("on day 3 after the first 1000 mg dose", 3, 3)
  expect_reads("day 3 after the second dose", 3, 3, from = 2)
  expect_reads("more than 2 months after the second infusion", 2 * month, Inf, from = 2)
  # a time beside a later infusion that it does not hang on: unreadable
  expect_status(c("after 3 infusions over 6 weeks", "2 weeks before the third infusion",
                  "response at week 14 (after 3 induction doses)", "2 weeks (after 2 infusions)",
                  "2 weeks; after the second infusion",
                  "2 weeks after the second and third infusions",
                  "2 weeks after the second course"), "unreadable")
})

test_that("infusions: after the Kth, between, by, before; dose amounts are not counts", {
  expect_reads(c("after the second infusion", "following the 2nd dose", "after 2 infusions",
                 "after two doses", "after two 1 g infusions", "after infusion 2",
                 "at the second infusion", "after the second 5 mg/kg infusion",
                 "after 2 x 1000 mg infusions", "after the 2nd administration",
                 "after 2 injections", "after 2 treatments", "after two pulses",
                 "after the second infliximab infusion"), 2, 2, "infusions")
  expect_reads(c("after four weekly doses", "after 4 doses of 375 mg/m2",
                 "375 mg/m2 weekly, response after the 4th dose"), 4, 4, "infusions")
  expect_reads(c("after a single dose", "after one infusion", "after the first 1000 mg dose",
                 "after a single 1 g dose", "after an infusion"), 1, 1, "infusions")
  expect_reads(c("between the first and third infusion", "1-3 infusions",
                 "by the third infusion", "within 3 infusions", "in the first 3 infusions",
                 "during the first 3 infusions", "up to 3 infusions", "over 3 infusions"),
               1, 3, "infusions")
  expect_reads(c("before the third infusion", "less than 3 infusions"), 1, 2, "infusions")
  expect_reads("after the first 3 infusions", 3, 3, "infusions")
  expect_reads(c("improved by the time of the 4th infusion", "by the 4th infusion"), 1, 4,
               "infusions")
  expect_reads("after the second (5 mg/kg) infusion", 2, 2, "infusions")
  expect_status(c("after 2.5 infusions", "after the 0th infusion", "after more than 3 infusions",
                  "before the first infusion", "between the first and the last infusion"),
                "unreadable")
})

test_that("courses and cycles", {
  expect_reads(c("after 3 cycles", "after the third course", "after three courses of IVIG",
                 "after the 3rd cycle of cyclophosphamide", "cycle 3"), 3, 3, "courses")
  expect_reads(c("between the first and second cycle", "by the second cycle",
                 "within 2 courses"), 1, 2, "courses")
  expect_reads("2 weeks after the first cycle", 14, 14)
  expect_reads("after the second infusion of the first course", 2, 2, "infusions")
  expect_status(c("after the first infusion of the second course",
                  "overnight after the second cycle"), "unreadable")
})

test_that("phrases saying there was no response are not times", {
  expect_status(c("no improvement after 2 doses", "lack of clinical improvement within 4 weeks",
                  "lack of response within 4 weeks", "did not respond", "didn't respond",
                  "did not show any improvement", "refractory", "refractory to infliximab",
                  "failed to respond", "without improvement", "unresponsive", "non-responder",
                  "no response", "No clinical or radiological improvement after 3 infusions",
                  "never improved", "not improved at 3 months", "no significant change",
                  "no response to 4 cycles", "ineffective"), "no_response")
  # a disease refractory to another drug, then a response: read
  expect_reads("steroid-refractory; improved overnight after the first infusion", 0, 1)
  expect_reads("unresponsive to steroids, improved 2 weeks after the second infusion",
               14, 14, from = 2)
  # no response, then a response: which time? unreadable
  expect_status("no response to 2 doses, improved after the fourth", "unreadable")
  # negations that are not about the response
  expect_reads("no steroids were needed; improved after 3 weeks", 21, 21)
  expect_reads("not immediately, but after 3 weeks", 21, 21)
})

test_that("vague phrases: a unit with a vague quantifier or no number", {
  expect_status(c("a few days", "few days", "several weeks", "within days", "a couple of weeks",
                  "some weeks", "within weeks", "over months", "weeks later",
                  "several days later", "within the first few weeks", "after many months",
                  "within hours", "within minutes", "in the following weeks",
                  "a few days after the second infusion", "within days of the first dose",
                  "after several infusions", "after a few doses", "after multiple cycles",
                  "after the infusions", "2 weeks after several infusions",
                  "a number of weeks", "dozens of infusions"), "vague")
  # a unit without a number elsewhere does not make a time vague
  expect_reads("within 2 weeks of starting infusions", 0, 14)
})

test_that("not reported: markers, blanks, NA", {
  expect_status(c("not reported", "Not reported", "NR", "nr", "N.R.", "(NR)", "unknown",
                  "Unknown", "unclear", "n/a", "N/A", "n/a.", "NA", "na", "-", "--", "?",
                  "\u2014", "\u2013", "", "   ", "not stated", "not available",
                  "not specified", "missing", "onset not reported",
                  "time to response unknown"), "not_reported")
  expect_equal(ans(NA_character_), none("not_reported"))
  expect_equal(onset_scan(c(NA, NA))$status, rep("not_reported", 2))
  # a time wins over a not-reported word
  expect_reads("exact day unknown, within 3 weeks", 0, 21)
})

test_that("negative, overflowing and out-of-range numbers are unreadable, never clipped", {
  expect_status(c("after the -2nd infusion", "-3 days", "\u22123 days", "day -1",
                  "within -2 weeks"), "unreadable")
  expect_status(c("within 10^400 days", "10^400 days", "1e400 days",
                  "99999999999999999999 weeks", "9007199254740993 days",
                  paste(strrep("9", 400), "days")), "unreadable")
  # beyond 10^6 once in the result's unit
  expect_status(c("2000000 days", "within 10^7 days", "200000 weeks", "3000 years",
                  "after 1000001 infusions", "after the 1000001st infusion",
                  "after 1000001 cycles"), "unreadable")
  expect_reads(c("within 10^6 days", "within 1000000 days"), 0, 1e6)
  expect_reads("10^6 hours", 1e6 / 24, 1e6 / 24)
  expect_reads("after 1000000 infusions", 1e6, 1e6, "infusions")
  # a number with many decimals only rounds
  expect_reads("2.0000000000000000000001 weeks", 14, 14)
})

test_that("letter case and extra words do not matter", {
  expect_reads(c("AFTER THE SECOND INFUSION", "After The Second Infusion",
                 "Improvement was seen after the second infusion of infliximab",
                 "The patient responded clinically after the second infusion."),
               2, 2, "infusions")
  expect_reads(c("TWO WEEKS", "Response noted approximately 2 weeks after starting rituximab",
                 "improved (2 weeks)"), 14, 14)
})

test_that("onset_scan: input types, shape, and no warning", {
  expect_silent(r <- onset_scan(c("soon", "a few days", "did not respond")))
  expect_named(r, c("text", "lower", "upper", "unit", "from_infusion", "status"))
  expect_s3_class(r, "data.frame")
  expect_type(r$lower, "double")
  expect_type(r$from_infusion, "double")
  expect_type(r$unit, "character")
  expect_type(r$status, "character")
  expect_equal(nrow(onset_scan(character())), 0)
  expect_equal(onset_scan(factor(c("after 2 weeks", "NR")))$lower, c(14, NA))
  expect_equal(onset_scan(NA)$status, "not_reported")
  expect_equal(onset_scan(c(a = "after 2 weeks"))$text, "after 2 weeks")
  expect_equal(rownames(onset_scan(c(a = "after 2 weeks", b = "x"))), c("1", "2"))
  expect_snapshot(error = TRUE, onset_scan(3))
  expect_snapshot(error = TRUE, parse_onset(list("overnight")))
  expect_snapshot(error = TRUE, parse_onset(c(TRUE, NA)))
})

test_that("parse_onset warns once, by kind, and keeps the unreadable attribute", {
  x <- c("overnight", "soon", "NR", "within weeks", "after 2 weeks", "eventually",
         "no improvement after 2 doses", "a few days", "did not respond")
  expect_snapshot(res <- parse_onset(x))
  expect_equal(attr(res, "unreadable"), c(2L, 6L))
  expect_equal(res$status, c("read", "unreadable", "not_reported", "vague", "read",
                             "unreadable", "no_response", "vague", "no_response"))
  expect_silent(parse_onset(c("overnight", NA, "", "NR")))
  expect_warning(parse_onset("a few days"), class = "casepool_warning_onset")
  expect_warning(parse_onset("did not respond"), class = "casepool_warning_onset")
  expect_equal(attr(suppressWarnings(parse_onset("a few days")), "unreadable"), integer())
})

test_that("warn_onset names rows, case ids and the column, and lists a few of each", {
  x <- c("overnight", "soon", "NR", "within weeks", "after 2 weeks", "eventually",
         "no improvement after 2 doses", "a few days", "did not respond")
  res <- onset_scan(x)
  ids <- sprintf("R%02d", seq_along(x))
  expect_snapshot(warn_onset(res, ids = ids, column = "`onset`"))
  expect_snapshot(warn_onset(res, rows = c(2, 5, 7), ids = ids))
  expect_silent(expect_false(warn_onset(res, rows = c(1, 3, 5))))
  expect_silent(warn_onset(onset_scan(c("overnight", NA))))
  many <- onset_scan(c(sprintf("later on, case %d", 1:12), "soon", "soon",
                       strrep("x", 100), "after the \xff\xfe infusion"))
  expect_snapshot(warn_onset(many))
  # long phrases are cut, bytes that are not UTF-8 shown as <xx>
  expect_snapshot(warn_onset(onset_scan(c(strrep("x", 100), "eventually \xff\xfe", "x"))))
  expect_warning(warn_onset(many, rows = 13), "row 13: \"soon\"", fixed = TRUE)
})

test_that("read_onset keeps working and names the column", {
  expect_snapshot(r <- read_onset(c("overnight", "soon", NA), "`onset`"))
  expect_equal(r$lower, c(0, NA, NA))
  expect_equal(r$unit, c("days", NA, NA))
})

test_that("properties: random phrases from the fixture's words", {
  set.seed(11)
  f <- read_fixture()
  pieces <- c(unique(unlist(strsplit(f$text, " "))), "-", "\u2013", "\u2212", "\u00bd",
              "1st", "99999999999999999999", "0.5", "2,5", "1,000", "3/52", "1/2", "10^6",
              "10^400", "1e9", "-2", "%", "mg", "g/kg", "follow-up", "6-month", "", "\xff\xfe")
  x <- vapply(1:6000, function(i) {
    paste(sample(pieces, sample(1:9, 1), replace = TRUE),
          collapse = sample(c(" ", "", "-", ", "), 1))
  }, "")
  res <- onset_scan(x)
  expect_equal(nrow(res), length(x))
  expect_consistent(res)
  # one call over the vector, with its scratch sized by the longest phrase,
  # answers each phrase as a call of its own does
  some <- sample(length(x), 300)
  one_by_one <- do.call(rbind, lapply(x[some], onset_scan))
  expect_equal(one_by_one, res[some, ], ignore_attr = TRUE)
})

test_that("properties: raw bytes, invalid UTF-8 and very long phrases", {
  set.seed(12)
  raw_junk <- vapply(1:3000, function(i) {
    rawToChar(as.raw(sample(1:255, sample(1:60, 1), replace = TRUE)))
  }, "")
  bad_utf8 <- c("\xe2\x80", "2\xe2\x80", "2\xe2\x88", "2\xe2", "\xc2", "1\xc2", "\xe2\x88\x92",
                "2\xe2\x88\x92", "\xe2\x89", "3\xe2\x80\x934 weeks\xff", "\xc0\xaf days",
                "after the \xff\xfe second infusion", "\xed\xa0\x80 2 weeks")
  res <- onset_scan(c(raw_junk, bad_utf8))
  expect_consistent(res)
  expect_equal(onset_scan("after the \xff\xfe second infusion")$lower, 2)
  expect_equal(onset_scan("3\xe2\x80\x934 weeks\xff")$upper, 28)
  # bytes written as <ff> by as_cases() are not comparison signs
  expect_equal(ans("after the <ff><fe> second infusion"), read_as(2, 2, "infusions"))
  expect_equal(ans("<ff> 2 weeks <fe>"), read_as(14, 14))
  expect_equal(ans("< 2 weeks"), read_as(0, 14))
  expect_equal(ans(">= 2 weeks"), read_as(14, Inf))
  long <- c(substr(strrep("after the second infusion ", 4e4), 1, 1e6),
            strrep("9", 1e6), strrep("-", 1e6), strrep("1/", 5e5), strrep("a few days ", 1e5),
            strrep("the ", 25e4), strrep("2-", 5e5), strrep("no improvement ", 66667),
            strrep("\xe2\x80", 5e5), paste(strrep(" ", 1e6 - 7), "2 weeks"))
  expect_equal(min(nchar(long, type = "bytes")), 1e6)
  res <- onset_scan(long)
  expect_consistent(res)
  expect_equal(res$status, c("read", "unreadable", "not_reported", "unreadable", "vague",
                             "unreadable", "unreadable", "no_response", "unreadable", "read"))
  expect_equal(res$lower[c(1, 10)], c(2, 14))
  # more phrases than one interrupt check (every 65536), with the longest last
  many <- c(rep(c("after 2 weeks", "soon", NA, "after the second infusion"), 5e4), long[1])
  res <- onset_scan(many)
  expect_equal(res$lower[1:4], c(14, NA, NA, 2))
  expect_equal(table(res$status)[["read"]], 1e5 + 1)
})
