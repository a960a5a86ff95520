# Onset phrases per second: parse_onset() on 10^6 phrases drawn from the
# test fixture, median of 5 runs after a warm-up, against a vapply over the
# same phrases (what a user would otherwise write).
library(casepool)
source(file.path("bench", "bench-helpers.R"))

fixture <- utils::read.csv(file.path("tests", "testthat", "fixtures", "onset-phrases.csv"),
                           stringsAsFactors = FALSE, na.strings = character())
set.seed(1)
n <- 1e6
x <- sample(fixture$text, n, replace = TRUE)

t_pkg <- time_median(suppressWarnings(parse_onset(x)))
t_one <- time_median(suppressWarnings(vapply(x[1:1e4], function(p) parse_onset(p)$lower, 0)),
                     runs = 3) * (n / 1e4)
bench_row("onset phrases, 10^6", t_pkg, t_one, "vapply(parse_onset) per phrase",
          extra = sprintf("%.2f million phrases/s", n / t_pkg / 1e6))
