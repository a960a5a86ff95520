onset_units <- c("days", "infusions")

#' Read onset phrases into time intervals
#'
#' Turns the time to response as case reports state it into an interval in
#' days (since the first infusion) or in infusions, with a scanner written
#' in C. Phrases it cannot read give `NA` and are named in one warning.
#'
#' @section The contract:
#' Each phrase gives `lower`, `upper` and `unit` (`"days"` or
#' `"infusions"`); the time is exact when `lower == upper`. Letter case and
#' surrounding words do not matter ("improvement was seen after the second
#' infusion"); numbers may be digits (`3`, `1.5`), words (`two`, up to
#' `twenty`), ordinals (`2nd`, `second`, up to `twentieth`) or "a"/"an"/
#' "single" for one. Units: day = 1, week = 7, month = 365.25/12,
#' year = 365.25 days, hour = 1/24 day.
#'
#' | phrase | result |
#' |---|---|
#' | "overnight", "next day", "same day", "following day", "within 24 hours" | days (0, 1] |
#' | "within N *unit*", "by N *unit*", "less than N *unit*", "under", "up to", "before" | days (0, N] |
#' | "N *unit*", "after N *unit*", "at N *unit*", "day N", "week N" | days \[N, N\] |
#' | "N-M *unit*", "N to M *unit*", "between N and M *unit*" | days \[N, M\] |
#' | "more than N *unit*", "longer than", "later than" | days \[N, Inf\] |
#' | "after the Kth infusion", "following the Kth dose", "after K infusions" | infusions \[K, K\] |
#' | "between the Jth and Kth infusion", "J-K infusions" | infusions \[J, K\] |
#' | "by the Kth infusion", "within K infusions" | infusions \[1, K\] |
#' | "before the Kth infusion" | infusions \[1, K - 1\] |
#' | "not reported", "NR", "unknown", "n/a", "NA", "not stated", "", `NA` | `NA`, not reported |
#'
#' "Dose", "administration" and "injection" count as infusions. A duration
#' counted from the first infusion ("2 weeks after the first dose") is read
#' in days; one counted from a later infusion, a reversed range ("4-2
#' weeks"), an ordinal duration ("the 2nd week") or a phrase without a number
#' ("within weeks") is unreadable: `NA`, and named in the warning and the
#' `"unreadable"` attribute. The contract reads the first duration and the
#' first infusion reference of a phrase.
#'
#' Infusion intervals convert to days through a regimen with [onset_days()]:
#' a response after infusion K, before infusion K + 1, lies in
#' (day(K), day(K + 1)\].
#'
#' @param x Character vector of phrases (factors are taken as text).
#' @returns A data frame with `text`, `lower`, `upper` (numeric) and `unit`
#'   (`"days"`, `"infusions"` or `NA`), one row per phrase, with attribute
#'   `"unreadable"`: the positions of phrases that could not be read.
#' @family onset
#' @export
#' @examples
#' parse_onset(c("overnight", "after the second infusion", "within 3 weeks",
#'               "between 2 and 4 months", "NR", "improved eventually"))
parse_onset <- function(x) {
  if (is.factor(x)) x <- as.character(x)
  if (is.logical(x) && all(is.na(x))) x <- as.character(x)
  if (!is.character(x)) {
    cp_abort("`x` must be a character vector of onset phrases, not ",
             describe(x), ".")
  }
  res <- .Call(cp_parse_onset, x)
  unreadable <- which(res$status == 2L)
  if (length(unreadable)) {
    cp_warn("Could not read ", length(unreadable), " onset phrase",
            if (length(unreadable) > 1) "s", ": ", fmt_rows(unreadable, max = 10),
            " (", fmt_values(x[unreadable]), "). ",
            if (length(unreadable) > 1) "They are NA." else "It is NA.",
            class = "casepool_warning_onset")
  }
  structure(
    data.frame(text = x, lower = res$lower, upper = res$upper,
               unit = onset_units[res$unit], stringsAsFactors = FALSE),
    unreadable = unreadable
  )
}

# parse_onset() for a column of a case table: the warning names the column.
read_onset <- function(x, what) {
  withCallingHandlers(
    parse_onset(x),
    casepool_warning_onset = function(w) {
      cp_warn(what, ": ", sub("^Could", "could", conditionMessage(w)),
              class = "casepool_warning_onset")
      invokeRestart("muffleWarning")
    }
  )
}
