#' casepool: pooled analysis of published case reports of a treatment
#'
#' Reviews of case reports extract one row per case. casepool turns that
#' table into tallies with honest denominators and confidence intervals.
#'
#' * [as_cases()] and [read_cases()] build and validate the case table.
#' * [case_tally()] counts yes / no / not reported for any number of
#'   outcomes, overall or by subgroup, with [binom_ci()] intervals.
#' * [completeness()] says which fields the reports gave.
#' * [tally_text()] writes "14 of 34 (41%; 95% CI 25% to 59%)" for inline
#'   R Markdown.
#'
#' The worked example is a 2014 review of 34 case reports of infliximab in
#' neurosarcoidosis: see [nsarc_cases], [nsarc_index] and [nsarc_series].
#'
#' @keywords internal
#' @useDynLib casepool, .registration = TRUE
#' @importFrom stats median quantile
#' @importFrom graphics plot
"_PACKAGE"

#' @importFrom survival Surv
#' @export
survival::Surv
