#' A simulated appraisal of the simulated reports (simulated, illustrative)
#'
#' **Simulated data, for illustration only.** An appraisal sheet, with the
#' tool of Murad et al. (2018), of the 24 simulated reports of
#' [nsarc_cases] (`sim01` to `sim24`), typed as a reviewer types one
#' ("Yes", "No", "Unclear", "N/A"). No reviewer appraised the published
#' reports of the 2014 review: the answers are drawn at random with a
#' fixed seed, except questions 5 (challenge/rechallenge) and 7 (follow-up
#' long enough), which follow what the simulated case table suggests
#' ([suggest_appraisal()]), but for one answer to question 5 that differs
#' from the suggestion (see `notes`). Question 6 (dose-response) is not
#' applicable throughout. Use it to learn [appraise()] and the analyses by
#' quality; never report it as an appraisal of the published cases.
#'
#' @format A data frame with 24 rows and 10 columns: `report` (the report
#'   key of [nsarc_cases]), `q1` to `q8` (the answers; see
#'   [appraisal_items()]) and `notes`.
#' @source Simulated by `data-raw/appraisal.R` (seed 20140902).
#' @family datasets
#' @family appraisal
#' @examples
#' appr <- appraise(nsarc_appraisal, cases = nsarc_cases)
#' appr
"nsarc_appraisal"
