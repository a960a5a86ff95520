# The worked example: infliximab in neurosarcoidosis, 2014 review of 34 case
# reports.  Run with
#   source(system.file("scripts", "worked-example.R", package = "casepool"))
library(casepool)

cat("casepool worked example: infliximab in neurosarcoidosis\n")
cat("Case table: nsarc_cases, SIMULATED to match the 2014 review's counts\n")
cat("(Clin Neuropharmacol 2014;37(5):142-148); the rows are not the published cases.\n\n")

# the infusion after which each case responded, read from its onset phrase
# through the regimen (NA where the report gave no time)
by_infusion <- onset_infusions(nsarc_cases)
tab <- case_tally(
  nsarc_cases,
  time_reported = !is.na(onset),
  improved_by_3rd = by_infusion$upper <= 3,
  sustained = response != "none" & stopped & !relapse
)
print(tab)

txt <- tally_text(tab)
cat("\nIn words:\n")
cat("- ", txt[["time_reported"]], " reports gave the time to response\n", sep = "")
cat("- ", txt[["improved_by_3rd"]], " improved between the first and third infusion\n", sep = "")
cat("- ", txt[["sustained"]], " had sustained remission after the drug was stopped\n", sep = "")

cat("\nReporting completeness:\n")
print(completeness(nsarc_cases))

cat("\nTime to response, in infusions (Kaplan-Meier):\n")
print(time_to_response(nsarc_cases, unit = "infusions"))
cat("\nCumulative proportion responding by infusion k:\n")
print(response_by_infusion(nsarc_cases, k = 1:6), digits = 3)

cat("\nTime to response, in days (Turnbull: infusion phrases are intervals in days):\n")
print(time_to_response(nsarc_cases, unit = "days"))

cat("\nRemission after stopping:\n")
print(remission_after_stop(nsarc_cases))

cat("\nThe index case (real): ", nsarc_index$onset, " -> days (",
    nsarc_index$onset_lower, ", ", nsarc_index$onset_upper, "]\n", sep = "")

cat("\nThe published series (real aggregates), with exact 95% CIs:\n")
series <- cbind(nsarc_series[, c("study", "outcome")],
                binom_ci(nsarc_series$events, nsarc_series$total)[, -6])
series[c("estimate", "conf_low", "conf_high")] <-
  lapply(series[c("estimate", "conf_low", "conf_high")], round, 3)
print(series, row.names = FALSE)

cat("\nImprovement pooled across the case reports and the published series\n")
cat("(one-step binomial-normal random-effects model; single-case reports as one group):\n")
improved <- subset(nsarc_series, outcome == "improved")
pooled <- pool_cases(nsarc_cases, response != "none",
                     series = data.frame(study = improved$study,
                                         x = improved$events, n = improved$total))
print(pooled)
cat("\nIn words: improvement was ", pool_text(pooled), "\n", sep = "")
