#' Tallies as sentences for inline R Markdown
#'
#' Writes each row of a tally as "14 of 34 (41%; 95% CI 25% to 59%)", for
#' `` `r tally_text(tab, "improved")` `` in a manuscript.
#'
#' @param x A tally from [case_tally()].
#' @param outcome `NULL` (default: every outcome) or a character vector of
#'   outcomes to write.
#' @param group `NULL` (default: every group) or a character vector of
#'   groups to write, for tallies made with `by`.
#' @param denominator `"all"` (default) for yes of all cases, or `"reported"`
#'   for yes of the cases that reported the item.
#' @param digits Decimals of the percentages, a whole number >= 0. Default 0.
#' @returns A character vector, one sentence per row, named by outcome (and
#'   `outcome: group`). A zero denominator gives "0 of 0 (not estimable)".
#' @family tallies
#' @export
#' @examples
#' tab <- case_tally(nsarc_cases, improved_by_3rd = response_infusion <= 3)
#' tally_text(tab)
#' tally_text(tab, denominator = "reported", digits = 1)
tally_text <- function(x, outcome = NULL, group = NULL,
                       denominator = c("all", "reported"), digits = 0) {
  if (!inherits(x, "case_tally")) {
    cp_abort("`x` must be a tally from case_tally(), not ", describe(x), ".")
  }
  denominator <- arg_choice(denominator)
  for (sel in list(list(outcome, "outcome"), list(group, "group"))) {
    if (!is.null(sel[[1]]) && !is.character(sel[[1]]) && !is.factor(sel[[1]])) {
      cp_abort("`", sel[[2]], "` must be NULL or names of the tally's ", sel[[2]],
               "s, not ", describe(sel[[1]]), ".")
    }
  }
  check_scalar_number(digits, "digits", 0, 10, open = FALSE)
  if (digits != round(digits)) {
    cp_abort("`digits` must be a whole number, not ", describe(digits), ".")
  }
  keep <- rep(TRUE, nrow(x))
  if (!is.null(outcome)) {
    unknown <- setdiff(outcome, x$outcome)
    if (length(unknown)) {
      cp_abort("`outcome` ", fmt_list(dQuote(unknown, FALSE)),
               " not in the tally; it has ", fmt_list(dQuote(unique(x$outcome), FALSE)), ".")
    }
    keep <- keep & x$outcome %in% outcome
  }
  has_group <- "group" %in% names(x)
  if (!is.null(group)) {
    if (!has_group) cp_abort("`group` given, but the tally has no groups.")
    unknown <- setdiff(group, as.character(x$group))
    if (length(unknown)) {
      cp_abort("`group` ", fmt_list(dQuote(unknown, FALSE)), " not in the tally.")
    }
    keep <- keep & as.character(x$group) %in% group
  }
  x <- x[keep, , drop = FALSE]
  if (denominator == "all") {
    den <- x$n; p <- x$prop; lo <- x$conf_low; hi <- x$conf_high
  } else {
    den <- x$n_reported; p <- x$prop_reported
    lo <- x$conf_low_reported; hi <- x$conf_high_reported
  }
  level <- format_pct(attr(x, "conf_level") %||% 0.95, 0)
  out <- ifelse(
    is.na(p),
    paste0(x$yes, " of ", den, " (not estimable)"),
    paste0(x$yes, " of ", den, " (", format_pct(p, digits), "%; ", level,
           "% CI ", format_pct(lo, digits), "% to ", format_pct(hi, digits), "%)")
  )
  names(out) <- if (has_group) paste0(x$outcome, ": ", x$group) else x$outcome
  out
}
