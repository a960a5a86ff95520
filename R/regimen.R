#' Infusion regimens
#'
#' A regimen is an induction schedule plus a maintenance interval.
#' Infliximab's usual one is infusions at weeks 0, 2 and 6, then every 8
#' weeks (also every 4 to 8 weeks, at 3 to 10 mg/kg). Times are counted in
#' days since the first infusion, which is day 0.
#'
#' @param induction_weeks Numeric vector: the weeks of the induction
#'   infusions, starting at 0 and increasing. Default `c(0, 2, 6)`.
#' @param every_weeks The maintenance interval in weeks after the last
#'   induction infusion, a single number > 0, or `NA` for none. Default 8.
#' @param dose_mg_kg The dose in mg/kg, for the record; `NA` (default) when
#'   not given.
#' @returns An object of class `"regimen"` with print and format methods.
#' @family regimens
#' @export
#' @examples
#' regimen()
#' regimen(every_weeks = 4, dose_mg_kg = 5)
#' infusion_day(1:6)
#' infusions_by_day(c(0, 13, 14, 60, 365))
regimen <- function(induction_weeks = c(0, 2, 6), every_weeks = 8,
                    dose_mg_kg = NA) {
  if (!is.numeric(induction_weeks) || !length(induction_weeks) ||
      anyNA(induction_weeks) || any(!is.finite(induction_weeks))) {
    cp_abort("`induction_weeks` must be finite numbers, not ",
             describe(induction_weeks), ".")
  }
  if (induction_weeks[1] != 0 || any(diff(induction_weeks) <= 0)) {
    cp_abort("`induction_weeks` must start at 0 (the first infusion) and ",
             "increase, not ", paste(induction_weeks, collapse = ", "), ".")
  }
  if (!(length(every_weeks) == 1 && (is.na(every_weeks) ||
        (is.numeric(every_weeks) && is.finite(every_weeks) && every_weeks > 0)))) {
    cp_abort("`every_weeks` must be a single number > 0 or NA, not ",
             describe(every_weeks), ".")
  }
  if (!(length(dose_mg_kg) == 1 && (is.na(dose_mg_kg) ||
        (is.numeric(dose_mg_kg) && is.finite(dose_mg_kg) && dose_mg_kg >= 0)))) {
    cp_abort("`dose_mg_kg` must be a single number >= 0 or NA, not ",
             describe(dose_mg_kg), ".")
  }
  structure(list(induction_weeks = as.double(induction_weeks),
                 every_weeks = as.double(every_weeks),
                 dose_mg_kg = as.double(dose_mg_kg)),
            class = "regimen")
}

#' @export
format.regimen <- function(x, ...) {
  txt <- paste0("infusions at week", if (length(x$induction_weeks) > 1) "s",
                " ", fmt_list(format(x$induction_weeks, trim = TRUE)))
  if (!is.na(x$every_weeks)) {
    txt <- paste0(txt, ", then every ", format(x$every_weeks), " weeks")
  }
  if (!is.na(x$dose_mg_kg)) txt <- paste0(txt, " at ", format(x$dose_mg_kg), " mg/kg")
  txt
}

#' @export
print.regimen <- function(x, ...) {
  cat("<regimen> ", format(x), "\n", sep = "")
  invisible(x)
}

check_regimen <- function(regimen) {
  if (!inherits(regimen, "regimen")) {
    cp_abort("`regimen` must be made by regimen(), not ", describe(regimen), ".")
  }
  regimen
}

#' Infusion days and infusions received
#'
#' `infusion_day()` gives the day (since the first infusion, day 0) of
#' infusion `k`; `infusions_by_day()` the number of infusions given on or
#' before day `d`. Both are computed in C and vectorised.
#'
#' @param k Numeric vector of infusion numbers (1 is the first); `NA` gives
#'   `NA`, as does a `k` past the induction of a regimen without
#'   maintenance.
#' @param d Numeric vector of days since the first infusion; `NA` gives `NA`.
#' @param regimen A [regimen()]; default `regimen()`, weeks 0, 2, 6, then
#'   every 8 weeks.
#' @param every_weeks Optional per-element maintenance intervals in weeks
#'   (length 1 or the length of `k` / `d`), overriding the regimen's, e.g.
#'   each case's `interval_weeks`; `NA` elements use the regimen's.
#' @returns A numeric vector of days, or of counts of infusions.
#' @family regimens
#' @export
#' @examples
#' infusion_day(1:5)                       # 0 14 42 98 154
#' infusion_day(c(4, 4), every_weeks = c(4, 8))  # per-case intervals
#' infusions_by_day(c(0, 20, 100))         # 1 2 4
infusion_day <- function(k, regimen = casepool::regimen(), every_weeks = NULL) {
  check_regimen(regimen)
  if (!is.numeric(k)) cp_abort("`k` must be numeric, not ", describe(k), ".")
  bad <- which(!is.na(k) & (k < 1 | k != round(k) | !is.finite(k)))
  if (length(bad)) {
    cp_abort("`k` must hold whole numbers >= 1: position",
             if (length(bad) > 1) "s", " ", fmt_list(bad), " ",
             if (length(bad) > 1) "are " else "is ", fmt_values(k[bad]), ".")
  }
  .Call(cp_infusion_day, as.double(k), 7 * regimen$induction_weeks,
        regimen_every_days(regimen, every_weeks, length(k)))
}

#' @rdname infusion_day
#' @export
infusions_by_day <- function(d, regimen = casepool::regimen(), every_weeks = NULL) {
  check_regimen(regimen)
  if (!is.numeric(d)) cp_abort("`d` must be numeric, not ", describe(d), ".")
  .Call(cp_infusions_by_day, as.double(d), 7 * regimen$induction_weeks,
        regimen_every_days(regimen, every_weeks, length(d)), FALSE)
}

# Day of each case's last infusion on its regimen (its interval_weeks where
# given); NA where n_infusions is NA or 0.
last_infusion_day <- function(cases, regimen) {
  k <- as.double(cases$n_infusions)
  k[which(k < 1)] <- NA
  infusion_day(k, regimen, every_weeks = cases$interval_weeks)
}

# Maintenance interval in days, per element or shared.
regimen_every_days <- function(regimen, every_weeks, n) {
  if (is.null(every_weeks)) return(7 * regimen$every_weeks)
  if (!is.numeric(every_weeks) && !all(is.na(every_weeks))) {
    cp_abort("`every_weeks` must be numeric, not ", describe(every_weeks), ".")
  }
  if (!length(every_weeks) %in% c(1, n)) {
    cp_abort("`every_weeks` must have length 1",
             if (n != 1) paste0(" or ", n, " (one per element)"), ", not ",
             length(every_weeks), ".")
  }
  every_weeks <- as.double(every_weeks)
  bad <- which(!is.na(every_weeks) & !(every_weeks > 0 & is.finite(every_weeks)))
  if (length(bad)) {
    cp_abort("`every_weeks` must be > 0: position",
             if (length(bad) > 1) "s", " ", fmt_list(bad), ".")
  }
  every_weeks[is.na(every_weeks)] <- regimen$every_weeks
  rep_len(7 * every_weeks, if (length(every_weeks) == 1) 1 else n)
}

#' Convert onset intervals between days and infusions
#'
#' `onset_days()` turns onset intervals into days since the first infusion;
#' `onset_infusions()` into infusions received. Intervals already in the
#' target unit are kept.
#'
#' A response after infusion K and before infusion K + 1 lies in
#' (day(K), day(K + 1)\], so infusions \[J, K\] become days
#' (day(J), day(K + 1)\] (upper `Inf` when the regimen has no infusion
#' K + 1). A response on day t came after the infusions given before day t,
#' so days (a, b\] become infusions \[n(a), m(b)\], with n(a) the infusions
#' given on or before day a and m(b) those given before day b; an exact day
#' t becomes \[m(t), m(t)\]; at least 1.
#'
#' @param x A data frame with columns `lower`, `upper` and `unit`, as from
#'   [parse_onset()], or a case table (its `onset_lower`, `onset_upper` and
#'   `onset_unit`).
#' @param regimen A [regimen()], default `regimen()`.
#' @param every_weeks Optional per-row maintenance intervals in weeks; for a
#'   case table, its `interval_weeks` (default). `NA` uses the regimen's.
#' @returns A data frame with `lower` and `upper` in the target unit. A row
#'   in days gives an interval (lower, upper\] unless `lower == upper`.
#' @family onset
#' @export
#' @examples
#' x <- parse_onset(c("after the second infusion", "within 3 weeks", "overnight"))
#' onset_days(x)
#' onset_infusions(x)
onset_days <- function(x, regimen = casepool::regimen(), every_weeks = NULL) {
  convert_onset(x, "days", regimen, every_weeks)
}

#' @rdname onset_days
#' @export
onset_infusions <- function(x, regimen = casepool::regimen(), every_weeks = NULL) {
  convert_onset(x, "infusions", regimen, every_weeks)
}

convert_onset <- function(x, to, regimen, every_weeks) {
  check_regimen(regimen)
  on <- onset_columns(x)
  if (is.null(every_weeks) && inherits(x, "cases")) every_weeks <- x$interval_weeks
  n <- length(on$lower)
  every <- regimen_every_days(regimen, every_weeks, n)
  induction <- 7 * regimen$induction_weeks
  lower <- on$lower
  upper <- on$upper
  if (to == "days") {
    inf <- which(on$unit %in% "infusions")
    ev <- if (length(every) == 1) every else every[inf]
    lower[inf] <- .Call(cp_infusion_day, as.double(on$lower[inf]), induction, ev)
    up <- .Call(cp_infusion_day, as.double(on$upper[inf] + 1), induction, ev)
    upper[inf] <- ifelse(is.na(up), Inf, up)
  } else {
    day <- which(on$unit %in% "days")
    ev <- if (length(every) == 1) every else every[day]
    exact <- on$lower[day] == on$upper[day]
    lo <- .Call(cp_infusions_by_day, as.double(on$lower[day]), induction, ev, FALSE)
    lo_exact <- .Call(cp_infusions_by_day, as.double(on$lower[day]), induction, ev, TRUE)
    hi <- .Call(cp_infusions_by_day, as.double(on$upper[day]), induction, ev, TRUE)
    lower[day] <- pmax(ifelse(exact, lo_exact, lo), 1)
    upper[day] <- pmax(hi, 1)
  }
  data.frame(lower = lower, upper = upper)
}

# lower, upper, unit of a parse_onset() result or a case table.
onset_columns <- function(x) {
  if (!is.data.frame(x)) {
    cp_abort("`x` must be a data frame from parse_onset() or a case table, ",
             "not ", describe(x), ".")
  }
  if (all(c("onset_lower", "onset_upper", "onset_unit") %in% names(x))) {
    return(list(lower = x$onset_lower, upper = x$onset_upper, unit = x$onset_unit))
  }
  if (all(c("lower", "upper", "unit") %in% names(x))) {
    return(list(lower = x$lower, upper = x$upper, unit = x$unit))
  }
  cp_abort("`x` needs columns `lower`, `upper` and `unit` (from ",
           "parse_onset()) or `onset_lower`, `onset_upper` and `onset_unit` ",
           "(a case table).")
}
