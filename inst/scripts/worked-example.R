# The worked example: infliximab in neurosarcoidosis, 2014 review of 34 case
# reports.  Run with
#   source(system.file("scripts", "worked-example.R", package = "casepool"))
library(casepool)

cat("casepool worked example: infliximab in neurosarcoidosis\n")
cat("Case table: nsarc_cases, SIMULATED to match the 2014 review's counts\n")
cat("(Clin Neuropharmacol 2014;37(5):142-148); the rows are not the published cases.\n\n")

tab <- case_tally(
  nsarc_cases,
  time_reported = !is.na(onset),
  improved_by_3rd = response_infusion <= 3,
  sustained = stopped & !relapse
)
print(tab)

txt <- tally_text(tab)
cat("\nIn words:\n")
cat("- ", txt[["time_reported"]], " reports gave the time to response\n", sep = "")
cat("- ", txt[["improved_by_3rd"]], " improved between the first and third infusion\n", sep = "")
cat("- ", txt[["sustained"]], " had sustained remission after the drug was stopped\n", sep = "")

cat("\nReporting completeness:\n")
print(completeness(nsarc_cases))

cat("\nThe published series (real aggregates), with exact 95% CIs:\n")
series <- cbind(nsarc_series[, c("study", "outcome")],
                binom_ci(nsarc_series$events, nsarc_series$total)[, -6])
series[c("estimate", "conf_low", "conf_high")] <-
  lapply(series[c("estimate", "conf_low", "conf_high")], round, 3)
print(series, row.names = FALSE)
