#' Published series of infliximab in neurosarcoidosis (real aggregates)
#'
#' Study-level counts from published series and reviews of infliximab for
#' neurosarcoidosis, one row per study and outcome, for pooling and examples.
#' These are the published numbers; no case-level data are implied.
#'
#' @format A data frame with 11 rows and 10 columns:
#' \describe{
#'   \item{study}{Short key of the study.}
#'   \item{citation}{The publication.}
#'   \item{doi, pmid}{Its DOI or PubMed id, where given.}
#'   \item{n_patients}{Patients (or cases) in the study.}
#'   \item{regimen}{The infliximab regimen as the study states it.}
#'   \item{outcome}{Short key of the outcome.}
#'   \item{events}{Patients with the outcome.}
#'   \item{total}{The denominator the study gives for it.}
#'   \item{definition}{The outcome in words, with its denominator.}
#' }
#' @details
#' * review2014: 34 case reports of infliximab for therapy-resistant
#'   neurosarcoidosis; 19 reported the time until response, 14 improved
#'   between the first and third infusion, 8 had sustained remission after
#'   infliximab was stopped (Clin Neuropharmacol 2014;37(5):142-148,
#'   PMID 25229171).
#' * gelfand2017: 66 patients, 3-7 mg/kg every 4-8 weeks; clinical
#'   improvement in 77.3% (51 of 66); relapse after stopping in 9 of the 16
#'   stopped in remission (Neurology 2017, doi 10.1212/WNL.0000000000004644).
#' * fritz2020: 28 patients; initial complete remission 6, improved 14,
#'   stable 7; relapse after dose reduction or stop in 5 of 19 (Neurol
#'   Neuroimmunol Neuroinflamm 2020;7(5):e847).
#' * jneurol2017: 18 patients, 16 improved, 9 relapsed over a median
#'   follow-up of 20 months (J Neurol 2017, doi 10.1007/s00415-017-8444-9).
#' @source The publications above; built by `data-raw/nsarc.R`.
#' @family datasets
#' @examples
#' nsarc_series[, c("study", "outcome", "events", "total")]
#' with(nsarc_series, binom_ci(events, total))
"nsarc_series"

#' The index case of the 2014 review (real)
#'
#' The case reported with the 2014 review *Overnight response to infliximab
#' in neurosarcoidosis*: corticosteroid-refractory spinal cord sarcoidosis
#' that improved overnight after the first infliximab infusion. Fields the
#' review's abstract does not give are `NA`. The improvement is recorded as
#' a partial response, since complete remission is not what the abstract
#' states.
#'
#' @format A case table (see [as_cases()]) with one row, the canonical
#'   columns and the covariates `site`, `prior_therapy` and
#'   `response_infusion` (the infusion after which the response was seen).
#' @source Clin Neuropharmacol 2014;37(5):142-148, PMID 25229171; built by
#'   `data-raw/nsarc.R`.
#' @family datasets
#' @examples
#' nsarc_index
"nsarc_index"

#' A simulated case table of 34 cases (simulated, not the published cases)
#'
#' **Simulated data.** A case table of 34 cases drawn to match the published
#' counts of the 2014 review of infliximab in neurosarcoidosis: 19 of 34
#' report the time to response, 14 of 34 improved between the first and
#' third infusion, 8 of 34 had sustained remission after infliximab was
#' stopped. Everything else (report keys, onset phrases, regimens, follow-up,
#' age, sex, site, prior therapy) is drawn at random, with a fixed seed, from
#' the ranges the publications give. The rows are not the published cases
#' and must not be presented as such; use the data to learn and test the
#' package, and [nsarc_series] for the real numbers.
#'
#' @format A case table (see [as_cases()]) with 34 rows: the canonical
#'   columns (`onset` holds phrases such as "after the second infusion";
#'   `regimen` is infliximab's induction at weeks 0, 2 and 6, then each
#'   case's own interval of 4, 6 or 8 weeks; `dose` in mg/kg; `followup`
#'   and `followup_after_stop` in months) and the covariates
#' \describe{
#'   \item{age}{Age in years.}
#'   \item{sex}{"F" or "M".}
#'   \item{site}{Main site of neurosarcoidosis.}
#'   \item{prior_therapy}{Treatment before infliximab.}
#'   \item{response_infusion}{The infusion after which a response was first
#'     seen, as a reviewer would extract it; `NA` when the report does not
#'     say.}
#' }
#' @source Simulated by `data-raw/nsarc.R` (seed 20140901) to match Clin
#'   Neuropharmacol 2014;37(5):142-148, PMID 25229171.
#' @family datasets
#' @examples
#' nsarc_cases
#' case_tally(nsarc_cases,
#'            time_reported = !is.na(onset),
#'            improved_by_3rd = response_infusion <= 3,
#'            sustained = response != "none" & stopped & !relapse)
"nsarc_cases"

#' A simulated rituximab extraction sheet (simulated, not published cases)
#'
#' **Simulated data.** Sixteen cases of rituximab in a rare autoimmune
#' encephalitis, typed the way reviewers type an extraction sheet: their own
#' column names, responses coded CR/PR/NR, regimens as written
#' ("375 mg/m2 weekly x4", "1 g on days 1 and 15", "... repeated every 6
#' months", "single dose"), doses in mg/m2 and g, onset phrases and
#' follow-up in months with "+" for follow-up still going on. It is a raw
#' data frame, not a case table: it shows how [as_cases()] reads such a
#' sheet with `map` and `response_levels`. The report keys are made up
#' ("sim-Abe 2015"); no row is a published case.
#'
#' @format A data frame with 16 rows and 13 columns: `Patient`,
#'   `Reference`, `Schedule`, `Dose`, `Response` (CR, PR, NR),
#'   `Time to response`, `Infusions`, `Follow-up (months)`, `Stopped`,
#'   `Relapse`, `Months after stop`, `Age`, `Sex`.
#' @source Simulated by `data-raw/rituximab.R`.
#' @family datasets
#' @examples
#' rtx <- as_cases(rtx_sheet,
#'   map = c(case_id = "Patient", report = "Reference", regimen = "Schedule",
#'           dose = "Dose", response = "Response", onset = "Time to response",
#'           n_infusions = "Infusions", followup = "Follow-up (months)",
#'           stopped = "Stopped", relapse = "Relapse",
#'           followup_after_stop = "Months after stop"),
#'   response_levels = c(CR = "complete", PR = "partial", NR = "none"))
#' case_timeline(rtx)
"rtx_sheet"
