# Units and statuses in the order of cp_parse_onset()'s codes: unit 1, 2, 3
# and status 0 to 4.
onset_units <- c("days", "infusions", "courses")
onset_statuses <- c("read", "not_reported", "unreadable", "vague", "no_response")

#' Read onset phrases into time intervals
#'
#' Turns the time to response as case reports state it into an interval in
#' days, infusions or courses, counted from an infusion, with a scanner
#' written in C. Phrases that give no time (unreadable, vague, or saying
#' there was no response) have `NA` bounds and are listed, by kind, in one
#' warning.
#'
#' @section The contract:
#' Each phrase gives `lower`, `upper`, `unit` (`"days"`, `"infusions"` or
#' `"courses"`), `from_infusion` (the infusion the time is counted from: 1
#' for the first, K for "after the Kth", `Inf` for "the last"; always 1 for
#' infusions and courses) and `status`. The time is exact when
#' `lower == upper`; day 0 is the day of the infusion counted from. Bounds,
#' unit and `from_infusion` are `NA` unless the status is `"read"`.
#'
#' | phrase | lower | upper | unit | from_infusion | status |
#' |---|---|---|---|---|---|
#' | `"overnight"`, `"immediately"`, `"next day"`, `"same day"` | 0 | 1 | days | 1 | read |
#' | `"the following morning"`, `"the day after"`, `"within 24 hours"` | 0 | 1 | days | 1 | read |
#' | `"overnight after the second infusion"`, `"the day after the 2nd dose"` | 0 | 1 | days | 2 | read |
#' | `"10 days"`, `"after 10 days"`, `"10 days later"`, `"10d"` | 10 | 10 | days | 1 | read |
#' | `"day 10"`, `"on day 10"`, `"about 10 days"` | 10 | 10 | days | 1 | read |
#' | `"a fortnight"`, `"two weeks"`, `"2 wks"`, `"2/52"` | 14 | 14 | days | 1 | read |
#' | `"48 hr"`, `"48 hours"`, `"2/7"` | 2 | 2 | days | 1 | read |
#' | `"6 mo"`, `"six months"`, `"6/12"`, `"after a 6-month interval"` | 182.625 | 182.625 | days | 1 | read |
#' | `"2,5 weeks"`, `"2.5 weeks"`, `"2 1/2 weeks"`, `"two and a half weeks"` | 17.5 | 17.5 | days | 1 | read |
#' | `"half a month"`, `"1/2 month"` | 15.21875 | 15.21875 | days | 1 | read |
#' | `"a month and a half"`, `"one and a half months"`, `"1 1/2 months"` | 45.65625 | 45.65625 | days | 1 | read |
#' | `"twenty-one days"`, `"twenty one days"`, `"3 weeks"`, `"at week 3"` | 21 | 21 | days | 1 | read |
#' | `"within 3 weeks"`, `"by 3 weeks"`, `"less than 3 weeks"` | 0 | 21 | days | 1 | read |
#' | `"under 3 weeks"` | 0 | 21 | days | 1 | read |
#' | `"up to 3 weeks"`, `"before 3 weeks"`, `"no later than 3 weeks"` | 0 | 21 | days | 1 | read |
#' | `"<3 weeks"` | 0 | 21 | days | 1 | read |
#' | `"over 3 weeks"`, `"within the first 3 weeks"`, `"by week 3"` | 0 | 21 | days | 1 | read |
#' | `"within the first month"`, `"during the first month"` | 0 | 30.4375 | days | 1 | read |
#' | `"in the 2nd week"`, `"during the second week"` | 7 | 14 | days | 1 | read |
#' | `"2-3 weeks"`, `"2–3 weeks"`, `"2—3 weeks"`, `"2−3 weeks"` | 14 | 21 | days | 1 | read |
#' | `"2 to 3 weeks"`, `"2 or 3 weeks"`, `"between 2 and 3 weeks"` | 14 | 21 | days | 1 | read |
#' | `"2 weeks to 3 months"` | 14 | 91.3125 | days | 1 | read |
#' | `"more than 6 months"`, `"beyond 6 months"`, `"at least 6 months"` | 182.625 | Inf | days | 1 | read |
#' | `">6 months"` | 182.625 | Inf | days | 1 | read |
#' | `"at the 6-month follow-up"`, `"by the six-month follow-up"` | 0 | 182.625 | days | 1 | read |
#' | `"at 6 months of follow-up"`, `"6-month follow-up visit"` | 0 | 182.625 | days | 1 | read |
#' | `"2 weeks after the second infusion"` | 14 | 14 | days | 2 | read |
#' | `"14 days following the 2nd dose"` | 14 | 14 | days | 2 | read |
#' | `"on day 3 after the first 1000 mg dose"` | 3 | 3 | days | 1 | read |
#' | `"3 days after the first dose"` | 3 | 3 | days | 1 | read |
#' | `"after the second infusion, 10 days later"` | 10 | 10 | days | 2 | read |
#' | `"6 weeks after the last infusion"` | 42 | 42 | days | Inf | read |
#' | `"after the last infusion"` | 0 | Inf | days | Inf | read |
#' | `"after the second infusion"`, `"following the 2nd dose"` | 2 | 2 | infusions | 1 | read |
#' | `"after 2 infusions"` | 2 | 2 | infusions | 1 | read |
#' | `"after two 1 g infusions"`, `"after infusion 2"` | 2 | 2 | infusions | 1 | read |
#' | `"at the second infusion"` | 2 | 2 | infusions | 1 | read |
#' | `"after four weekly doses"`, `"after 4 doses of 375 mg/m2"` | 4 | 4 | infusions | 1 | read |
#' | `"after a single dose"`, `"after one infusion"` | 1 | 1 | infusions | 1 | read |
#' | `"between the first and third infusion"`, `"1-3 infusions"` | 1 | 3 | infusions | 1 | read |
#' | `"by the third infusion"`, `"within 3 infusions"` | 1 | 3 | infusions | 1 | read |
#' | `"in the first 3 infusions"` | 1 | 3 | infusions | 1 | read |
#' | `"before the third infusion"` | 1 | 2 | infusions | 1 | read |
#' | `"after 3 cycles"`, `"after the third course"` | 3 | 3 | courses | 1 | read |
#' | `"by the second cycle"` | 1 | 2 | courses | 1 | read |
#' | `"no improvement after 2 doses"` | `NA` | `NA` | `NA` | `NA` | no_response |
#' | `"lack of clinical improvement within 4 weeks"` | `NA` | `NA` | `NA` | `NA` | no_response |
#' | `"did not respond"`, `"failed to respond"`, `"without improvement"` | `NA` | `NA` | `NA` | `NA` | no_response |
#' | `"refractory"`, `"unresponsive"`, `"non-responder"` | `NA` | `NA` | `NA` | `NA` | no_response |
#' | `"a few days"`, `"several weeks"`, `"within days"` | `NA` | `NA` | `NA` | `NA` | vague |
#' | `"a couple of weeks"` | `NA` | `NA` | `NA` | `NA` | vague |
#' | `"some weeks"`, `"over months"`, `"after several infusions"` | `NA` | `NA` | `NA` | `NA` | vague |
#' | `"not reported"`, `"NR"`, `"unknown"`, `"unclear"` | `NA` | `NA` | `NA` | `NA` | not_reported |
#' | `"n/a"`, `"NA"`, `"-"`, `"?"` | `NA` | `NA` | `NA` | `NA` | not_reported |
#' | `""`, `NA`, `"not stated"`, `"not available"` | `NA` | `NA` | `NA` | `NA` | not_reported |
#' | `"soon"`, `"eventually"`, `"after the infusion"`, `"4-2 weeks"` | `NA` | `NA` | `NA` | `NA` | unreadable |
#' | `"2 weeks after the second course"` | `NA` | `NA` | `NA` | `NA` | unreadable |
#' | `"no response to 2 doses, improved after the fourth"` | `NA` | `NA` | `NA` | `NA` | unreadable |
#' | `"1,000 days"`, `"after the -2nd infusion"`, `"within 10^400 days"` | `NA` | `NA` | `NA` | `NA` | unreadable |
#' | `"99999999999999999999 weeks"`, `"2000000 days"`, `"a hundred days"` | `NA` | `NA` | `NA` | `NA` | unreadable |
#'
#' **Words.** Letter case and surrounding words do not matter ("improvement
#' was seen after the second infusion"). Units: day (d) = 1, week (wk, w) =
#' 7, fortnight = 14, month (mo, mth) = 365.25/12, year (yr) = 365.25 days,
#' hour (h, hr) = 1/24 and minute = 1/1440 day; clinical shorthand N/7,
#' N/52 and N/12 is days, weeks and months when no unit follows it ("1/2
#' week" is a fraction). "Dose", "administration", "injection", "treatment"
#' and "pulse" count as infusions; "cycle" and "course" as courses.
#'
#' **Numbers.** Digits with a decimal point or a decimal comma ("2,5"),
#' words up to "ninety" ("twenty-one"), ordinals in digits or words ("2nd",
#' "twenty-first"), "a", "an", "single", fractions ("1 1/2", "1½", "half a",
#' "one and a half", "a month and a half") and "10^6". A hyphenated
#' adjective ("6-month", "three-week") is the number, not a range; ranges use
#' "-", an en or em dash, the minus sign, "to", "or", or "between ... and".
#' Words such as "about", "approximately" and "~" leave the value as
#' stated. A comma followed by exactly three digits ("1,000 days") may
#' separate thousands or decimals, so the phrase is unreadable rather than
#' read as 1 or 1000; a comma followed by a blank separates a list. Numbers
#' followed by a dose unit ("375 mg/m2", "1 g", "5 mg/kg", "50%") are dose
#' amounts and never a count or a duration. A negative number, a number with
#' no exact value in a double (more than 2^53, "10^400"), a bound beyond 10^6
#' days, infusions or courses, a count that is not a whole number, and the
#' words "hundred", "thousand" and "dozen" make the phrase unreadable:
#' never a clipped value.
#'
#' **Which time.** The first time in the phrase is read, with the first
#' count of infusions and of courses. A time is counted from infusion K when
#' it hangs on it ("2 weeks after the second infusion", "within 10 days of
#' the third dose", "after the second infusion, 10 days later"); a time with
#' any other infusion than the first that it does not hang on is
#' unreadable, and so is a time after a course other than the first, since
#' `from_infusion` counts infusions. "In the Nth week" and "during the Nth
#' month" are that week or month; "within" or "by" it start at 0. Counts
#' with "more than" ("after more than 3 infusions") are unreadable.
#'
#' **Statuses.** `"no_response"`: the phrase says there was no response
#' (a negated response word such as "no improvement", "did not respond",
#' "lack of response", "failed to respond", "non-responder"; or "refractory",
#' "unresponsive", "ineffective" with no response word that is not negated).
#' It is not a time, even when it names one. A phrase with both a negated
#' and a plain response word ("no response to 2 doses, improved after the
#' fourth") is unreadable. `"vague"`: a unit of time with a vague quantifier
#' or no number ("a few days", "within days", "over months", "within hours"),
#' or infusions or courses with one ("after several infusions") when no count
#' has a number. Words without any unit ("soon", "eventually", "rapidly")
#' are unreadable, as is the singular "after the infusion".
#' `"not_reported"`: the whole phrase is a marker ("not reported", "NR",
#' "unknown", "unclear", "n/a", "NA", "not stated", "not available",
#' "not specified", "missing", dashes, question marks, blank) or `NA`, or a
#' phrase with no time says "unknown", "unclear" or "not reported".
#'
#' Infusion and course intervals convert to days through a regimen with
#' [onset_days()]: a response after infusion K, before infusion K + 1, lies
#' in (day(K), day(K + 1)\]; a time counted from infusion K adds the day of
#' that infusion.
#'
#' @param x Character vector of phrases; a factor is taken as text, and a
#'   vector of `NA` as not reported.
#' @returns A data frame with one row per phrase: `text`, `lower` and `upper`
#'   (numeric), `unit` (`"days"`, `"infusions"`, `"courses"` or `NA`),
#'   `from_infusion` (numeric) and `status` (`"read"`, `"not_reported"`,
#'   `"unreadable"`, `"vague"` or `"no_response"`); with attribute
#'   `"unreadable"`, the positions of the unreadable phrases.
#' @family onset
#' @export
#' @examples
#' parse_onset(c("overnight", "after the second infusion", "within 3 weeks",
#'               "2 weeks after the second infusion", "at the 6-month follow-up",
#'               "after 3 cycles", "NR", "a few days", "no improvement after 2 doses",
#'               "improved eventually"))
parse_onset <- function(x) {
  res <- onset_scan(x)
  warn_onset(res)
  attr(res, "unreadable") <- which(res$status == "unreadable")
  res
}

# Validate x, read every phrase in one call to C, and shape the result; no
# warning (see warn_onset()).
onset_scan <- function(x) {
  if (is.factor(x)) x <- as.character(x)
  if (is.logical(x) && all(is.na(x))) x <- as.character(x)
  if (!is.character(x)) {
    cp_abort("`x` must be a character vector of onset phrases, not ",
             describe(x), ".")
  }
  x <- as.character(x) # drops names and other attributes, copies only then
  res <- .Call(cp_parse_onset, x)
  structure(
    list(text = x, lower = res$lower, upper = res$upper,
         unit = onset_units[res$unit], from_infusion = res$from,
         status = onset_statuses[res$status + 1L]),
    class = "data.frame", row.names = c(NA_integer_, -length(x))
  )
}

# One warning of class casepool_warning_onset listing, by kind, the phrases
# of an onset_scan() result that give no time: unreadable, vague and no
# response (not reported ones are never listed).  `rows` restricts the rows
# considered; `ids` (the whole case_id column) names each row's case;
# `column` (e.g. "`onset`") starts the message.  Returns whether it warned.
warn_onset <- function(res, rows = NULL, ids = NULL, column = NULL) {
  status <- res$status
  kinds <- c("unreadable", "vague", "no_response")
  flagged <- status == "unreadable" | status == "vague" | status == "no_response"
  if (!is.null(rows)) {
    keep <- logical(length(status))
    keep[rows] <- TRUE
    flagged <- flagged & keep
  }
  bad <- which(flagged)
  if (!length(bad)) return(invisible(FALSE))
  what <- c(unreadable = "unreadable",
            vague = "vague (no number, or a vague one)",
            no_response = "saying there was no response (not a time)")
  lines <- character()
  for (kind in kinds) {
    rows_k <- bad[status[bad] == kind]
    if (!length(rows_k)) next
    lines <- c(lines, paste0("* ", length(rows_k), " ", what[[kind]], ", in ",
                             fmt_cases(rows_k, ids), ": ",
                             fmt_phrases(res$text[rows_k]), "."))
  }
  n <- length(bad)
  head <- paste0(if (is.null(column)) "Could" else paste0(column, ": could"),
                 " not read ", n, " onset phrase", if (n > 1) "s", "; ",
                 if (n > 1) "their bounds are NA:" else "its bounds are NA:")
  cp_warn(head, "\n", paste(lines, collapse = "\n"), class = "casepool_warning_onset")
  invisible(TRUE)
}

# '"soon", "later" and "eventually"', the first few distinct phrases, each
# cut to 40 characters, then "and N more".
fmt_phrases <- function(x, max = 3) {
  x <- unique(x)
  n <- length(x)
  shown <- utils::head(x, max)
  bytes <- !validUTF8(shown)
  shown[bytes] <- iconv(shown[bytes], "UTF-8", "UTF-8", sub = "byte")
  long <- nchar(shown, type = "chars", allowNA = TRUE)
  cut <- !is.na(long) & long > 40
  shown[cut] <- paste0(substr(shown[cut], 1, 37), "...")
  shown <- dQuote(shown, FALSE)
  if (n > max) return(paste0(paste(shown, collapse = ", "), " and ", n - max, " more"))
  fmt_list(shown)
}

# parse_onset() for a column of a case table: the warning names the column.
# Kept for its callers; onset_scan() and warn_onset() are the parts.
read_onset <- function(x, what) {
  res <- onset_scan(x)
  warn_onset(res, column = what)
  res
}
