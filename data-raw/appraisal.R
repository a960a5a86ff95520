# Builds nsarc_appraisal: a SIMULATED appraisal, with the tool of Murad et
# al. (2018), of the simulated reports of nsarc_cases (sim01 ... sim24).
# It is illustrative only: no reviewer appraised the published reports of
# the 2014 review, and the report keys are those of the simulated cases.
#
# It is typed the way a reviewer types an appraisal sheet ("Yes", "No",
# "Unclear", "N/A").  Questions 5 (challenge/rechallenge) and 7 (follow-up
# long enough) follow what the simulated case table suggests
# (suggest_appraisal(), follow-up of at least 6 months), except one answer
# to question 5 that differs from the suggestion, as happens in practice;
# the other questions are drawn at random with a fixed seed.
#
# Run from the package root (it loads the package from source):
#   Rscript data-raw/appraisal.R
pkgload::load_all(".", quiet = TRUE)
set.seed(20140902)

reports <- unique(nsarc_cases$report)
n <- length(reports)
draw <- function(p) sample(c("Yes", "No", "Unclear"), n, replace = TRUE, prob = p)
typed <- c(yes = "Yes", no = "No", unclear = "Unclear")
sug <- suggest_appraisal(nsarc_cases, tool = "murad", min_followup = 6)
suggested <- function(q) {
  s <- sug[sug$item == q, ]
  unname(typed[s$suggestion[match(reports, s$report)]])
}

nsarc_appraisal <- data.frame(
  report = reports,
  # a single case report rarely shows a centre's whole experience
  q1 = draw(c(0.15, 0.45, 0.40)),
  q2 = draw(c(0.85, 0.05, 0.10)),
  q3 = draw(c(0.75, 0.10, 0.15)),
  q4 = draw(c(0.45, 0.20, 0.35)),
  q5 = suggested("q5"),
  # dose-response: one dose per report, not applicable
  q6 = "N/A",
  q7 = suggested("q7"),
  q8 = draw(c(0.75, 0.10, 0.15)),
  notes = "",
  stringsAsFactors = FALSE
)
# the reviewer did not count the relapse after stopping in one report as a
# dechallenge
first_yes <- which(nsarc_appraisal$q5 == "Yes")[1]
nsarc_appraisal$q5[first_yes] <- "No"
nsarc_appraisal$notes[first_yes] <- "relapse after stopping attributed to tapering of steroids"

save(nsarc_appraisal, file = "data/nsarc_appraisal.rda", compress = "xz", version = 2)
