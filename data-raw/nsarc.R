# Builds the datasets of the worked example: infliximab in neurosarcoidosis.
#
#   nsarc_series  real study-level aggregates of published series
#   nsarc_index   the real index case of the 2014 review
#   nsarc_cases   a SIMULATED case table of 34 cases whose tallies equal the
#                 2014 review's published counts (34 / 19 / 14 / 8)
#
# Run from the package root (it loads the package from source):
#   Rscript data-raw/nsarc.R
pkgload::load_all(".", quiet = TRUE)

review_2014 <- paste(
  "Overnight response to infliximab in neurosarcoidosis: a case report and",
  "review of infliximab treatment practice.",
  "Clin Neuropharmacol 2014;37(5):142-148."
)

# ---- nsarc_series: one row per study and outcome ---------------------------
series <- function(study, citation, doi, pmid, n_patients, regimen, outcome,
                   events, total, definition) {
  data.frame(study = study, citation = citation, doi = doi, pmid = pmid,
             n_patients = n_patients, regimen = regimen, outcome = outcome,
             events = events, total = total, definition = definition,
             stringsAsFactors = FALSE)
}
nsarc_series <- rbind(
  series("review2014", review_2014, NA, "25229171", 34L, "no definite regimen",
         c("time_reported", "improved_by_3rd", "sustained_remission"),
         c(19L, 14L, 8L), 34L,
         c("reported the time until response",
           "improved between the first and third infusion",
           "sustained remission after infliximab was stopped")),
  series("gelfand2017",
         paste("Gelfand JM, et al. Infliximab for the treatment of CNS",
               "sarcoidosis: a multi-institutional series. Neurology 2017."),
         "10.1212/WNL.0000000000004644", NA, 66L, "3-7 mg/kg every 4-8 weeks",
         c("improved", "relapse_after_stop"), c(51L, 9L), c(66L, 16L),
         c("clinical improvement (77.3%)",
           "relapse after stopping, of those stopped in remission")),
  series("fritz2020",
         paste("Fritz D, et al. Infliximab treatment in pathology-confirmed",
               "neurosarcoidosis. Neurol Neuroimmunol Neuroinflamm",
               "2020;7(5):e847."),
         NA, NA, 28L, NA,
         c("complete_remission", "improved", "stable",
           "relapse_after_reduction_or_stop"),
         c(6L, 14L, 7L, 5L), c(28L, 28L, 28L, 19L),
         c("initial complete remission", "improved", "stable",
           "relapse after dose reduction or stop")),
  series("jneurol2017",
         "Infliximab in refractory neurosarcoidosis. J Neurol 2017.",
         "10.1007/s00415-017-8444-9", NA, 18L, NA,
         c("improved", "relapsed"), c(16L, 9L), 18L,
         c("improved",
           "relapsed over a median follow-up of 20 months, of all 18 patients"))
)

# ---- nsarc_index: the index case of the 2014 review ------------------------
nsarc_index <- as_cases(data.frame(
  case_id = "index2014",
  report = "review2014",
  onset = "overnight after the first infusion",
  response = "partial",
  regimen = NA,
  dose = NA,
  n_infusions = NA,
  followup = NA,
  stopped = NA,
  relapse = NA,
  followup_after_stop = NA,
  site = "spinal cord",
  prior_therapy = "corticosteroids",
  response_infusion = 1L,
  stringsAsFactors = FALSE
))

# ---- nsarc_cases: SIMULATED, tallies fixed to the published counts ---------
set.seed(20140901)
n <- 34

# Onset: 19 cases report it; 14 of them responded after infusion 1 to 3
# (induction, weeks 0, 2, 6), 5 later.  Phrases are consistent with the
# infusion recorded in response_infusion under weeks 0, 2, 6, then every
# 4 to 8 weeks.
early <- list(
  `1` = c("overnight", "next day", "within 24 hours",
          "after the first infusion", "within 1 week", "after 5 days"),
  `2` = c("after the second infusion", "following the 2nd dose",
          "after 2 infusions", "3 weeks"),
  `3` = c("after the third infusion", "following the third dose",
          "after 3 infusions", "after 8 weeks")
)
late <- c(`4` = "after the fourth infusion", `5` = "after the fifth infusion",
          `6` = "after the sixth infusion", `4` = "following the 4th dose",
          `5` = "after five infusions")
early_k <- sample(rep(1:3, c(6, 4, 4)))
early_phrase <- vapply(early_k, function(k) sample(early[[as.character(k)]], 1), "")
late_phrase <- unname(late)
late_k <- as.integer(names(late))

reported <- sample(n, 19)
early_rows <- reported[1:14]
late_rows <- reported[15:19]
onset <- rep(NA_character_, n)
response_infusion <- rep(NA_integer_, n)
onset[early_rows] <- early_phrase
response_infusion[early_rows] <- early_k
onset[late_rows] <- late_phrase
response_infusion[late_rows] <- late_k

# Response: every case with a reported onset responded; of the 15 others,
# 4 did not respond.
unreported <- setdiff(seq_len(n), reported)
nonresponders <- sample(unreported, 4)
response <- rep(NA_character_, n)
response[reported] <- sample(rep(c("complete", "partial"), c(8, 11)))
responders_nr <- setdiff(unreported, nonresponders)
response[responders_nr] <- sample(rep(c("complete", "partial"), c(3, 8)))
response[nonresponders] <- "none"

# Stopping and relapse among responders: 13 stopped (8 sustained, 5 relapsed),
# 17 continued or not stated; non-responders stopped, relapse not applicable.
responders <- setdiff(seq_len(n), nonresponders)
stop_rows <- sample(responders, 13)
sustained_rows <- stop_rows[1:8]
relapse_rows <- stop_rows[9:13]
stopped <- rep(NA, n)
relapse <- rep(NA, n)
cont <- setdiff(responders, stop_rows)
stopped[cont] <- c(rep(FALSE, 14), rep(NA, length(cont) - 14))
stopped[stop_rows] <- TRUE
relapse[sustained_rows] <- FALSE
relapse[relapse_rows] <- TRUE
stopped[nonresponders] <- TRUE

followup <- rep(NA_real_, n)
followup[sustained_rows] <- round(stats::runif(8, 6, 60))
followup[relapse_rows] <- round(stats::runif(5, 1, 18))

interval_weeks <- sample(c(4, 6, 8, 8, 8), n, replace = TRUE)
n_infusions <- pmax(ifelse(is.na(response_infusion), 1L, response_infusion),
                    sample(2:24, n, replace = TRUE))
n_infusions[nonresponders] <- sample(1:4, 4, replace = TRUE)
dose <- sample(c(3, 5, 5, 5, 5, 7.5, 10), n, replace = TRUE)

reports <- sprintf("sim%02d", sort(c(1:24, sample(1:24, 10, replace = TRUE))))

sim <- data.frame(
  case_id = sprintf("S%02d", seq_len(n)),
  report = reports,
  onset = onset,
  response = response,
  regimen = NA_character_,
  dose = sprintf("%s mg/kg", format(dose, trim = TRUE)),
  n_infusions = n_infusions,
  followup = NA_real_,
  stopped = stopped,
  relapse = relapse,
  followup_after_stop = followup,
  age = sample(19:72, n, replace = TRUE),
  sex = sample(c("F", "M"), n, replace = TRUE),
  site = sample(c("spinal cord", "brain parenchyma", "leptomeninges",
                  "cranial nerves", "optic nerve"), n, replace = TRUE,
                prob = c(0.35, 0.25, 0.2, 0.1, 0.1)),
  prior_therapy = sample(c("corticosteroids", "corticosteroids, methotrexate",
                           "corticosteroids, azathioprine",
                           "corticosteroids, mycophenolate"), n, replace = TRUE,
                         prob = c(0.4, 0.3, 0.15, 0.15)),
  response_infusion = response_infusion,
  stringsAsFactors = FALSE
)

# Drawn after everything above, so that the draws above are unchanged.
# Each case's regimen is infliximab's induction at weeks 0, 2 and 6, then
# its own maintenance interval; its follow-up (months from the first
# infusion) runs past its last infusion, and past the follow-up after
# stopping where the drug was stopped.
sim$regimen <- sprintf("weeks 0, 2, 6 then every %d weeks", interval_weeks)
last_day <- infusion_day(n_infusions, sim$regimen)
after_last <- ifelse(is.na(followup), round(stats::runif(n, 1, 12)), followup)
sim$followup <- ceiling(last_day / (365.25 / 12) + after_last)
nsarc_cases <- as_cases(sim)

# The published counts, checked before saving.
tab <- case_tally(nsarc_cases, time_reported = !is.na(onset),
                  improved_by_3rd = response_infusion <= 3,
                  sustained = response != "none" & stopped & !relapse)
stopifnot(all(tab$n == 34), identical(as.integer(tab$yes), c(19L, 14L, 8L)))

save(nsarc_series, file = "data/nsarc_series.rda", compress = "xz", version = 2)
save(nsarc_index, file = "data/nsarc_index.rda", compress = "xz", version = 2)
save(nsarc_cases, file = "data/nsarc_cases.rda", compress = "xz", version = 2)
