# Building the case table: as_cases() and read_cases() at 10^4 to 10^7
# cases, against a base-R validation of the same columns (what checking
# them by hand takes: trim, not-reported markers, numbers, yes/no, unique
# ids, response levels) and, for reading, utils::read.csv() and
# data.table::fread() followed by that validation.
library(casepool)
source(file.path("bench", "bench-helpers.R"))
sizes <- as.numeric(strsplit(Sys.getenv("BENCH_CASES_SIZES", "1e4,1e5,1e6,1e7"), ",")[[1]])

make_sheet <- function(n) {
  set.seed(1)
  d <- data.frame(
    case_id = sprintf("C%08d", seq_len(n)),
    report = sprintf("R%05d", sample.int(1e5, n, TRUE)),
    onset = sample(c("overnight", "after the second infusion", "within 3 weeks",
                     "not reported", ""), n, TRUE),
    response = sample(c("complete", "partial", "none", NA), n, TRUE),
    regimen = sample(c("weeks 0, 2, 6 then every 8 weeks", "375 mg/m2 weekly x4",
                       "1 g on days 1 and 15", "every 4 weeks"), n, TRUE),
    dose = sample(c("5 mg/kg", "375 mg/m2", "1 g"), n, TRUE),
    n_infusions = sample(1:8, n, TRUE),
    followup = sample(c("12", "18+", "24 months"), n, TRUE),
    stopped = sample(c("yes", "no", NA), n, TRUE),
    relapse = NA_character_,
    age = sample(18:80, n, TRUE),
    sex = sample(c("F", "M"), n, TRUE),
    stringsAsFactors = FALSE)
  d$relapse[d$stopped %in% "yes"] <- sample(c("yes", "no"), sum(d$stopped %in% "yes"), TRUE)
  d
}

# The same checks written plainly in base R.
base_validate <- function(d) {
  markers <- c("", "not reported", "nr", "unknown", "n/a", "na")
  text <- function(x) {
    x <- trimws(x)
    x[tolower(x) %in% markers] <- NA
    x
  }
  yes_no <- function(x) {
    v <- tolower(text(x))
    out <- ifelse(v %in% c("yes", "y", "true", "1"), TRUE,
                  ifelse(v %in% c("no", "n", "false", "0"), FALSE, NA))
    stopifnot(!any(is.na(out) & !is.na(v)))
    out
  }
  stopifnot(!anyDuplicated(d$case_id), !anyNA(d$case_id))
  out <- list(
    case_id = d$case_id, report = text(d$report), onset = text(d$onset),
    response = factor(tolower(text(d$response)), c("complete", "partial", "none")),
    regimen = text(d$regimen), dose = text(d$dose),
    n_infusions = as.numeric(d$n_infusions),
    followup = as.numeric(sub("\\+$", "", sub(" months$", "", text(d$followup)))),
    stopped = yes_no(d$stopped), relapse = yes_no(d$relapse),
    age = d$age, sex = text(d$sex))
  stopifnot(all(out$n_infusions >= 0, na.rm = TRUE))
  as.data.frame(out, stringsAsFactors = FALSE)
}

for (n in sizes) {
  d <- make_sheet(n)
  runs <- if (n >= 1e7) 3 else 5
  t_pkg <- time_median(suppressWarnings(as_cases(d)), runs = runs)
  t_base <- time_median(base_validate(d), runs = runs)
  bench_row(sprintf("as_cases, 10^%d", log10(n)), t_pkg, t_base, "base-R validation")
  path <- tempfile(fileext = ".csv")
  utils::write.csv(d, path, row.names = FALSE, na = "")
  t_read <- time_median(suppressWarnings(read_cases(path)), runs = runs)
  t_csv <- time_median(base_validate(utils::read.csv(path, stringsAsFactors = FALSE,
                                                     na.strings = "")), runs = runs)
  bench_row(sprintf("read_cases, 10^%d", log10(n)), t_read, t_csv, "read.csv + validation")
  if (requireNamespace("data.table", quietly = TRUE)) {
    t_fread <- time_median(base_validate(as.data.frame(data.table::fread(
      path, na.strings = "", showProgress = FALSE))), runs = runs)
    bench_row(sprintf("read_cases, 10^%d", log10(n)), t_read, t_fread, "fread + validation")
  }
  unlink(path)
}
