# A 34-case extraction sheet typed the way reviewers type it: their own
# column names, CR/PR/NR, mixed regimens, doses in mg/m2 and g, follow-up
# in months with "+".  Regimens:
#   A "375 mg/m2 weekly x4"                       days 0, 7, 14, 21
#   B "1 g on days 1 and 15"                      days 0, 14
#   C "1 g days 1 and 15, repeated every 6 months" 0, 14, 182.625, 196.625, ...
#   D "every 4 weeks"                             0, 28, 56, ...
#   E "weeks 0, 2, 6 then every 8 weeks"          0, 14, 42, 98, 154, ...
#   F "750 mg/m2 monthly x 6"                     0, 30.4375, ..., 152.1875
#   G "single dose"                               0
#   H "0.4 g/kg/day for 5 days every 4 weeks"     0-4, 28-32, ...
reviewer_sheet <- function() {
  reg <- c(A = "375 mg/m2 weekly x4", B = "1 g on days 1 and 15",
           C = "1 g days 1 and 15, repeated every 6 months", D = "every 4 weeks",
           E = "weeks 0, 2, 6 then every 8 weeks", F = "750 mg/m2 monthly x 6",
           G = "single dose", H = "0.4 g/kg/day for 5 days every 4 weeks")
  dose <- c(A = "375 mg/m2", B = "1 g", C = "1000 mg", D = "8 mg/kg",
            E = "5 mg/kg", F = "750 mg/m2", G = "1 g", H = "0.4 g/kg")
  x <- utils::read.csv(text = '
pt,r,outcome,onset,inf,fu,stop,rel,after
P01,A,CR,after the second infusion,4,12,yes,no,10
P02,A,PR,within 3 weeks,4,6+,no,,
P03,A,NR,,4,9,yes,,
P04,A,CR,overnight,4,24,yes,yes,5
P05,A,PR,after 5 weeks,4,18,,,
P06,A,PR,3-6 months,4,12,no,,
P07,B,CR,after the first infusion,2,10,yes,no,8
P08,B,PR,after the second infusion,2,7,,,
P09,B,NR,NR,2,8+,yes,,
P10,B,PR,within 2 months,2,14,no,,
P11,B,CR,after 10 days,2,20,yes,no,14
P12,C,CR,after the third infusion,6,30,no,,
P13,C,PR,between 1 and 3 months,4,24,yes,yes,3
P14,C,NR,,4,,yes,,
P15,C,CR,after 8 months,6,36,no,,
P16,D,PR,after the third infusion,12,12,yes,no,6
P17,D,CR,within 4 weeks,6,8,,,
P18,D,NR,,3,4,yes,,
P19,D,PR,more than 6 months,10,15,no,,
P20,D,CR,after 2 weeks,8,10,yes,no,2+
P21,E,CR,after the fourth infusion,8,18,yes,yes,9
P22,E,PR,by the third infusion,5,12,no,,
P23,E,NR,,3,6,yes,,
P24,E,PR,after 3 weeks,5,9,,,
P25,E,CR,after the fifth infusion,5,14,yes,no,7
P26,F,PR,after the second infusion,6,8,no,,
P27,F,NR,,6,10+,yes,,
P28,F,CR,within 6 weeks,6,12,yes,no,4
P29,G,PR,after 10 days,1,6,,,
P30,G,CR,within 1 month,,12,no,,
P31,H,PR,after 2 weeks,10,6,yes,no,1
P32,H,CR,after the sixth infusion,10,9,,,
P33,A,PR,not reported,4,12,no,,
P34,,CR,after 3 weeks,,12,,,
', stringsAsFactors = FALSE, na.strings = "")
  data.frame(Pt = x$pt, Study = paste("Report", seq_len(nrow(x)) %/% 3 + 1),
             `Regimen used` = unname(reg[x$r]), Dose = unname(dose[x$r]),
             Outcome = x$outcome, `Time to improvement` = x$onset,
             `No. of infusions` = x$inf, `FU (mo)` = x$fu, Discontinued = x$stop,
             Relapse = x$rel, `FU after stop` = x$after, check.names = FALSE,
             stringsAsFactors = FALSE)
}

reviewer_map <- c(case_id = "Pt", report = "Study", regimen = "Regimen used",
                  dose = "Dose", response = "Outcome", onset = "Time to improvement",
                  n_infusions = "No. of infusions", followup = "FU (mo)",
                  stopped = "Discontinued", relapse = "Relapse",
                  followup_after_stop = "FU after stop")
reviewer_levels <- c(CR = "complete", PR = "partial", NR = "none")

# Each case's time worked out by hand from its regimen (comments in
# test-timeline.R): (left, right], equal when exact, right Inf censored,
# NA for no time.  mo = 365.25 / 12 = 30.4375 days.
reviewer_days <- function() {
  mo <- 365.25 / 12
  m <- rbind(
    c(7, 14), c(0, 21), c(9 * mo, Inf), c(0, 1), c(35, 35), c(3 * mo, 6 * mo),
    c(0, 14), c(14, 7 * mo), c(8 * mo, Inf), c(0, 2 * mo), c(10, 10),
    c(6 * mo, 6 * mo + 14), c(mo, 3 * mo), c(6 * mo + 14, Inf), c(8 * mo, 8 * mo),
    c(56, 84), c(0, 28), c(4 * mo, Inf), c(6 * mo, 15 * mo), c(14, 14),
    c(98, 154), c(0, 98), c(6 * mo, Inf), c(21, 21), c(154, 14 * mo),
    c(mo, 2 * mo), c(10 * mo, Inf), c(0, 42), c(10, 10), c(0, mo), c(14, 14),
    c(28, 29), c(NA, NA), c(21, 21))
  data.frame(left = m[, 1], right = m[, 2])
}

reviewer_infusions <- function() {
  m <- rbind(
    c(2, 2), c(0, 3), c(4, Inf), c(1, 1), c(4, 4), c(4, 4),
    c(1, 1), c(2, 2), c(2, Inf), c(0, 2), c(1, 1),
    c(3, 3), c(2, 2), c(4, Inf), c(4, 4),
    c(3, 3), c(1, 1), c(3, Inf), c(6, 10), c(1, 1),
    c(4, 4), c(0, 3), c(3, Inf), c(2, 2), c(5, 5),
    c(2, 2), c(6, Inf), c(0, 2), c(1, 1), c(1, 1), c(5, 5),
    c(6, 6), c(NA, NA), c(1, 1))
  data.frame(left = m[, 1], right = m[, 2])
}

# Turnbull's NPMLE written plainly, independent of the package: the line
# is cut at every endpoint into points and the open gaps between them; each
# case (left, right] covers the gaps and points inside it (an exact time its
# point, right Inf everything after left); a plain self-consistency EM on
# that case-by-atom matrix.  Returns the CDF at each endpoint and the
# log-likelihood.
plain_turnbull <- function(left, right, iter = 20000) {
  v <- sort(unique(c(left, right[is.finite(right)])))
  atoms <- rbind(data.frame(lo = v, hi = v, point = TRUE),
                 data.frame(lo = v, hi = c(v[-1], Inf), point = FALSE))
  covers <- function(l, r, a) {
    if (l == r) return(a$point & a$lo == l)
    if (a$point) return(a$lo > l & a$lo <= r)
    a$lo >= l & a$hi <= r
  }
  A <- matrix(FALSE, length(left), nrow(atoms))
  for (i in seq_along(left)) {
    for (j in seq_len(nrow(atoms))) A[i, j] <- covers(left[i], right[i], atoms[j, ])
  }
  keep <- colSums(A) > 0
  A <- A[, keep, drop = FALSE]
  atoms <- atoms[keep, ]
  p <- rep(1 / ncol(A), ncol(A))
  for (k in seq_len(iter)) p <- p * colSums(A / as.vector(A %*% p)) / length(left)
  # a gap (lo, hi) lies below t when hi <= t
  cdf <- vapply(v, function(t) sum(p[(atoms$point & atoms$lo <= t) |
                                       (!atoms$point & atoms$hi <= t)]), 0)
  list(at = v, cdf = cdf, loglik = sum(log(A %*% p)))
}

# The package's NPMLE at time t: the mass of the intervals that ended by t.
fit_cdf <- function(fit, t) {
  tab <- as.data.frame(fit)
  vapply(t, function(x) sum(tab$mass[tab$upper <= x]), 0)
}
