# The appraisal tools: their items, domains and questions, and the items
# casepool's overall rule treats as critical by default.

appraisal_answers <- c("yes", "no", "unclear", "not applicable")
quality_levels <- c("good", "fair", "poor")

tool_items <- function(item, key, domain, label, question) {
  data.frame(item = item, key = key, domain = domain, label = label,
             question = question, stringsAsFactors = FALSE)
}

appraisal_tools <- list(
  murad = list(
    name = "Murad et al. (2018) tool",
    citation = paste("Murad MH, Sultan S, Haffar S, Bazerbachi F. Methodological quality",
                     "and synthesis of case series and case reports. BMJ Evid Based Med",
                     "2018;23(2):60-63. doi:10.1136/bmjebm-2017-110853"),
    critical = c("q2", "q3", "q7"),
    items = tool_items(
      paste0("q", 1:8),
      c("selection", "exposure", "outcome", "alternative_causes", "challenge",
        "dose_response", "followup", "detail"),
      c("Selection", "Ascertainment", "Ascertainment", "Causality", "Causality",
        "Causality", "Causality", "Reporting"),
      c("Represents the centre's experience", "Exposure ascertained",
        "Outcome ascertained", "Other causes ruled out", "Challenge/rechallenge",
        "Dose-response effect", "Follow-up long enough", "Detail to replicate"),
      c(paste("Does the patient(s) represent(s) the whole experience of the investigator",
              "(centre) or is the selection method unclear to the extent that other",
              "patients with similar presentation may not have been reported?"),
        "Was the exposure adequately ascertained?",
        "Was the outcome adequately ascertained?",
        "Were other alternative causes that may explain the observation ruled out?",
        "Was there a challenge/rechallenge phenomenon?",
        "Was there a dose-response effect?",
        "Was follow-up long enough for outcomes to occur?",
        paste("Is the case(s) described with sufficient details to allow other",
              "investigators to replicate the research or to allow practitioners make",
              "inferences related to their own practice?")))
  ),
  "jbi-case-report" = list(
    name = "JBI checklist for case reports",
    citation = paste("Moola S, Munn Z, Tufanaru C, et al. Chapter 7: Systematic reviews of",
                     "etiology and risk. In: Aromataris E, Munn Z (editors). JBI Manual for",
                     "Evidence Synthesis. JBI, 2020. Checklist for case reports"),
    critical = c("q5", "q6"),
    items = tool_items(
      paste0("q", 1:8),
      c("demographics", "history", "presentation", "diagnosis", "intervention",
        "post_condition", "adverse_events", "lessons"),
      c("Patient", "Patient", "Patient", "Diagnosis", "Intervention", "Outcome",
        "Outcome", "Reporting"),
      c("Demographics described", "History as a timeline", "Condition at presentation",
        "Diagnostic tests and results", "Intervention described",
        "Condition after intervention", "Adverse events described", "Takeaway lessons"),
      c("Were patient's demographic characteristics clearly described?",
        "Was the patient's history clearly described and presented as a timeline?",
        "Was the current clinical condition of the patient on presentation clearly described?",
        "Were diagnostic tests or assessment methods and the results clearly described?",
        "Was the intervention(s) or treatment procedure(s) clearly described?",
        "Was the post-intervention clinical condition clearly described?",
        "Were adverse events (harms) or unanticipated events identified and described?",
        "Does the case report provide takeaway lessons?"))
  ),
  "jbi-case-series" = list(
    name = "JBI checklist for case series",
    citation = paste("Munn Z, Barker TH, Moola S, Tufanaru C, Stern C, McArthur A,",
                     "Stephenson M, Aromataris E. Methodological quality of case series",
                     "studies: an introduction to the JBI critical appraisal tool. JBI Evid",
                     "Synth 2020;18(10):2127-2133. doi:10.11124/JBISRIR-D-19-00099"),
    critical = c("q2", "q5", "q8"),
    items = tool_items(
      paste0("q", 1:10),
      c("inclusion_criteria", "condition_measured", "condition_identified",
        "consecutive", "complete", "demographics", "clinical_info", "outcomes",
        "site_info", "statistics"),
      c("Selection", "Measurement", "Measurement", "Selection", "Selection",
        "Reporting", "Reporting", "Reporting", "Reporting", "Analysis"),
      c("Clear inclusion criteria", "Condition measured reliably",
        "Condition identified validly", "Consecutive inclusion", "Complete inclusion",
        "Demographics reported", "Clinical information reported",
        "Outcomes or follow-up reported", "Site demographics reported",
        "Statistical analysis appropriate"),
      c("Were there clear criteria for inclusion in the case series?",
        paste("Was the condition measured in a standard, reliable way for all",
              "participants included in the case series?"),
        paste("Were valid methods used for identification of the condition for all",
              "participants included in the case series?"),
        "Did the case series have consecutive inclusion of participants?",
        "Did the case series have complete inclusion of participants?",
        "Was there clear reporting of the demographics of the participants in the study?",
        "Was there clear reporting of clinical information of the participants?",
        "Were the outcomes or follow up results of cases clearly reported?",
        "Was there clear reporting of the presenting site(s)/clinic(s) demographic information?",
        "Was statistical analysis appropriate?"))
  )
)

#' The items of the appraisal tools
#'
#' The questions of each tool [appraise()] knows, with the short keys and
#' labels casepool uses for them.
#'
#' * `"murad"`: the tool of Murad et al. (2018) for case reports and case
#'   series, eight questions in four domains: selection (1), ascertainment
#'   (2, 3), causality (4 to 7) and reporting (8). Its authors note that
#'   questions 4, 5 and 6 matter mostly for adverse drug events; in a review
#'   of a treatment's effect, a challenge/rechallenge (5) is a response
#'   that ends when the drug is stopped and returns when it is restarted.
#' * `"jbi-case-report"`: the JBI critical appraisal checklist for case
#'   reports (Moola et al. 2020), eight questions.
#' * `"jbi-case-series"`: the JBI critical appraisal checklist for case
#'   series (Munn et al. 2020), ten questions.
#'
#' Each question is answered yes, no, unclear or not applicable.
#'
#' @param tool `"murad"` (default), `"jbi-case-report"` or
#'   `"jbi-case-series"`.
#' @returns A data frame with one row per item: `item` (`"q1"`, `"q2"`,
#'   ...: the column names of an appraisal), `key` (a short name that
#'   [appraise()] also accepts as the column name), `domain`, `label` (a
#'   short label for tables and plots), `question` (the tool's question),
#'   `critical` (whether casepool's default overall rule treats the item as
#'   critical; see [appraise()]).
#' @references
#' Murad MH, Sultan S, Haffar S, Bazerbachi F. Methodological quality and
#' synthesis of case series and case reports. BMJ Evid Based Med
#' 2018;23(2):60-63. doi:10.1136/bmjebm-2017-110853 (Table 1).
#'
#' Moola S, Munn Z, Tufanaru C, Aromataris E, Sears K, Sfetcu R, Currie M,
#' Qureshi R, Mattis P, Lisy K, Mu P-F. Chapter 7: Systematic reviews of
#' etiology and risk. In: Aromataris E, Munn Z (editors). JBI Manual for
#' Evidence Synthesis. JBI, 2020. (Checklist for case reports.)
#'
#' Munn Z, Barker TH, Moola S, Tufanaru C, Stern C, McArthur A, Stephenson
#' M, Aromataris E. Methodological quality of case series studies: an
#' introduction to the JBI critical appraisal tool. JBI Evid Synth
#' 2020;18(10):2127-2133. doi:10.11124/JBISRIR-D-19-00099
#' @family appraisal
#' @export
#' @examples
#' appraisal_items("murad")[, c("item", "domain", "label")]
#' appraisal_items("jbi-case-series")$question
appraisal_items <- function(tool = c("murad", "jbi-case-report", "jbi-case-series")) {
  tool <- arg_choice(tool)
  def <- appraisal_tools[[tool]]
  out <- def$items
  out$critical <- out$item %in% def$critical
  out
}
