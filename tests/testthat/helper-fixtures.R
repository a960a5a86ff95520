# A small raw case table with every canonical column, as a reviewer's
# spreadsheet would hold it.
raw_cases <- function() {
  data.frame(
    Patient = c("A1", "A2", "B1", "C1", "C2"),
    Source = c("Smith 2010", "Smith 2010", "Jones 2012", "Lee 2015", "Lee 2015"),
    onset = c("overnight", "after the second infusion", "", "NR", "within 3 weeks"),
    response = c("Complete", "partial", "none", NA, " PARTIAL "),
    n_infusions = c(3, 6, 2, NA, 8),
    dose_mg_kg = c(5, 5, 3, 10, 7.5),
    interval_weeks = c(8, 8, 6, NA, 4),
    stopped = c("yes", "no", "Y", "", "1"),
    relapse = c("no", NA, "n", NA, "TRUE"),
    followup_after_stop = c(12, NA, 6, NA, 3),
    age = c(34, 51, 47, 29, 60),
    stringsAsFactors = FALSE
  )
}
