# A small raw case table with every canonical column, as a reviewer's
# spreadsheet would hold it.
raw_cases <- function() {
  data.frame(
    Patient = c("A1", "A2", "B1", "C1", "C2"),
    Source = c("Smith 2010", "Smith 2010", "Jones 2012", "Lee 2015", "Lee 2015"),
    onset = c("overnight", "after the second infusion", "", "NR", "within 3 weeks"),
    response = c("Complete", "partial", "none", NA, " PARTIAL "),
    regimen = c("weeks 0, 2, 6 then every 8 weeks", "every 8 weeks", "every 6 weeks",
                NA, "every 4 weeks"),
    dose = c("5 mg/kg", "5 mg/kg", "3 mg/kg", "10 mg/kg", "7.5 mg/kg"),
    n_infusions = c(3, 6, 2, NA, 8),
    followup = c("24", "18+", "12", NA, "3 years"),
    stopped = c("yes", "no", "Y", "", "1"),
    relapse = c("no", NA, NA, NA, "TRUE"),
    followup_after_stop = c(12, NA, 6, NA, 3),
    age = c(34, 51, 47, 29, 60),
    sex = factor(c("F", "M", "F", "F", "M"), levels = c("M", "F", "other")),
    stringsAsFactors = FALSE
  )
}
