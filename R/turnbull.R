# Turnbull fits: the NPMLE and its bootstrap in one call to C, the
# best/worst-case bounds, and the band and quantiles read from them.

# Bootstrap resamples when `B` is left NULL: 1000 for fits of up to
# `boot_auto_max` cases, none above (a note in the printed fit says how to
# ask for them).
boot_default_B <- 1000L
boot_auto_max <- 2000L

check_turnbull_options <- function(tol, maxit, B, seed, conf_level) {
  check_scalar_number(tol, "tol", 0, Inf)
  if (!is.numeric(maxit) || length(maxit) != 1 || is.na(maxit) || !is.finite(maxit) ||
      maxit < 1 || maxit != floor(maxit)) {
    cp_abort("`maxit` must be a whole number >= 1 (the most iterations of the ",
             "Turnbull fit), not ", describe(maxit),
             if (is.numeric(maxit) && length(maxit) == 1 && isTRUE(maxit == Inf)) {
               "; give a large number, such as 1e6, for no practical limit"
             }, ".")
  }
  if (!is.null(B)) {
    if (!is.numeric(B) || length(B) != 1 || is.na(B) || !is.finite(B) || B < 0 ||
        B != floor(B) || B > .Machine$integer.max) {
      cp_abort("`B` (bootstrap resamples) must be a whole number >= 0, or NULL ",
               "for the default, not ", describe(B), ".")
    }
    min_B <- ceiling(2 / (1 - conf_level) - 1)
    if (B > 0 && B < min_B) {
      cp_abort("`B = ", B, "` resamples are too few for ", format(100 * conf_level),
               "% percentile intervals: give at least ", min_B, ", or 0 for none.")
    }
  }
  if (!is.null(seed) && (!is.numeric(seed) || length(seed) != 1 || is.na(seed) ||
                         !is.finite(seed) || seed != floor(seed) ||
                         abs(seed) > 2^53)) {
    cp_abort("`seed` must be a whole number, or NULL to draw one from R's ",
             "random numbers, not ", describe(seed), ".")
  }
  invisible()
}

# Times must not be negative (day 0 is the first infusion); -Inf lower ends
# are left-censored.  `rows` are the rows of the data, for the message.
check_nonnegative <- function(left, right, rows = NULL) {
  bad <- which((is.finite(left) & left < 0) | (is.finite(right) & right < 0))
  if (length(bad)) {
    cp_abort("Times must not be negative: ", fmt_rows(if (is.null(rows)) bad else rows[bad]),
             ".")
  }
  invisible()
}

# The Turnbull fit of (left, right] per case: the NPMLE, the bootstrap band
# and the bounds.  `strata` NULL or integer codes of `levels`.
turnbull_fit <- function(left, right, codes, levels, tol, maxit, B, seed,
                         conf_level, method, conf_type, event, unit) {
  S <- if (is.null(codes)) 1L else length(levels)
  n <- if (is.null(codes)) length(left) else tabulate(codes, S)
  if (is.null(B)) B <- if (sum(n) <= boot_auto_max) boot_default_B else 0L
  B <- as.integer(B)
  if (B > 0 && is.null(seed)) seed <- sample.int(.Machine$integer.max, 1L)
  res <- .Call(cp_turnbull, as.double(left), as.double(right), codes, S,
               as.double(tol), as.double(maxit), B,
               as.double(if (is.null(seed)) 0 else seed), as.double(conf_level))
  iterations <- res$iterations
  if (all(iterations <= .Machine$integer.max)) iterations <- as.integer(iterations)
  if (!all(res$converged)) {
    bad <- if (is.null(levels)) "" else {
      paste0(" in stratum ", fmt_list(levels[!res$converged]))
    }
    cp_warn("The Turnbull fit did not converge", bad, " after ", format(maxit),
            " iterations (Kuhn-Tucker gap ", signif(max(res$kkt), 3),
            "); raise `maxit` or `tol`.")
  }
  if (any(res$failed > 0)) {
    cp_warn(sum(res$failed), " of ", B * sum(n > 0), " bootstrap resamples did not ",
            "converge within `maxit` iterations; their last estimates are used.")
  }
  table <- new_df(list(strata = strata_column(levels, res$strata), lower = res$lower,
                       upper = res$upper, mass = res$mass, estimate = res$estimate,
                       conf_low = res$conf_low, conf_high = res$conf_high))
  boot <- if (B > 0) {
    list(B = B, seed = seed, method = "percentile", failed = res$failed)
  }
  fit <- new_time_fit("interval", table,
                      list(loglik = res$loglik, iterations = iterations,
                           converged = res$converged, kkt = res$kkt, boot = boot),
                      method = method, conf_type = conf_type, conf_level = conf_level,
                      strata_levels = levels, n = n, event = event, unit = unit)
  fit$bounds <- turnbull_bounds(left, right, codes, levels)
  fit
}

# The Kaplan-Meier curves with every interval at its lower end (a
# left-censored time at 0) and at its upper end; right-censored times are
# censored at their lower end in both.  A data frame: strata, time,
# lower_ends, upper_ends (cumulative proportions), one row per stratum and
# time where either curve steps.
turnbull_bounds <- function(left, right, codes, levels) {
  event <- is.finite(right)
  early <- pmax(left, 0)
  late <- right
  late[!event] <- left[!event]
  f <- if (is.null(codes)) NULL else structure(codes, levels = levels, class = "factor")
  km <- function(time) {
    res <- .Call(cp_km, as.double(time), event, f, if (is.null(f)) 1L else length(levels),
                 NULL, FALSE, match("plain", conf_types), 0.95)
    if (is.null(res$strata)) res$strata <- rep(1L, length(res$time))
    res
  }
  lo <- km(early)
  hi <- km(late)
  S <- if (is.null(codes)) 1L else length(levels)
  rows_of <- function(tab) {
    if (S == 1L) return(list(seq_along(tab$time)))
    split(seq_along(tab$time), factor(as.integer(tab$strata), levels = seq_len(S)))
  }
  lo_s <- rows_of(lo)
  hi_s <- rows_of(hi)
  code <- time <- lower_ends <- upper_ends <- vector("list", S)
  for (s in seq_len(S)) {
    tl <- lo$time[lo_s[[s]]]
    th <- hi$time[hi_s[[s]]]
    t <- sort(unique(c(tl, th)))
    time[[s]] <- t
    code[[s]] <- rep(s, length(t))
    lower_ends[[s]] <- c(0, lo$estimate[lo_s[[s]]])[findInterval(t, tl) + 1]
    upper_ends[[s]] <- c(0, hi$estimate[hi_s[[s]]])[findInterval(t, th) + 1]
  }
  new_df(list(strata = strata_column(levels, as.integer(unlist(code))),
              time = as.double(unlist(time)), lower_ends = as.double(unlist(lower_ends)),
              upper_ends = as.double(unlist(upper_ends))))
}

# A data frame of equal-length columns, without data.frame()'s checks.
new_df <- function(cols) {
  structure(cols, class = "data.frame", row.names = .set_row_names(length(cols[[1]])))
}

# Rows of a Turnbull fit's bounds for each stratum, as fit_strata().
bounds_strata <- function(fit) {
  b <- fit$bounds
  if (is.null(fit$strata_levels)) return(list(all = seq_len(nrow(b))))
  split(seq_len(nrow(b)), b$strata)[fit$strata_levels]
}

# A Turnbull fit at `times`, for the rows i of its table and j of its
# bounds: the NPMLE with each mass at its interval's upper end (a lower
# bound of the curve where it is not unique), its band, and the bounds.
# The band's lower limit steps at the intervals' upper ends, its upper
# limit where each interval begins (after an open lower end, at a closed
# one).
turnbull_at <- function(fit, i, j, times) {
  tab <- fit$table
  upper <- tab$upper[i]
  lower <- tab$lower[i]
  k <- findInterval(times, upper)
  pick <- function(v, k) ifelse(k == 0, 0, v[pmax(k, 1)])
  # intervals begun by each time: lower < time, or lower == time when closed
  kb <- findInterval(times, lower, left.open = TRUE)
  nxt <- kb + 1
  closed_at <- nxt <= length(lower) & lower[pmin(nxt, length(lower))] == times &
    upper[pmin(nxt, length(lower))] == times
  kb[closed_at] <- kb[closed_at] + 1L
  b <- fit$bounds
  kt <- findInterval(times, b$time[j])
  data.frame(time = times, estimate = pick(tab$estimate[i], k),
             conf_low = pick(tab$conf_low[i], k), conf_high = pick(tab$conf_high[i], kb),
             lower_ends = pick(b$lower_ends[j], kt), upper_ends = pick(b$upper_ends[j], kt))
}

# The interval of each quantile of a Turnbull fit's rows i: from the first
# time the band's upper limit reaches the proportion (the start of that
# interval) to the first time its lower limit does (the interval's upper
# end); NA where it never does.  This is the percentile interval of the
# resamples' quantiles, each resample's quantile taken as early (lower
# limit) or as late (upper limit) as its estimate allows.
turnbull_quantile_ci <- function(tab, i, probs, tol) {
  first_time <- function(time, band) {
    vapply(probs, function(p) {
      k <- which(band >= p - tol)
      if (!length(k)) NA_real_ else time[k[1]]
    }, 0)
  }
  lo <- first_time(pmax(tab$lower[i], 0), tab$conf_high[i])
  hi <- first_time(tab$upper[i], tab$conf_low[i])
  lo[!is.finite(lo)] <- NA
  hi[!is.finite(hi)] <- NA
  list(low = lo, high = hi)
}

# The median of each bound, per stratum.
bounds_median <- function(fit) {
  b <- fit$bounds
  vapply(bounds_strata(fit), function(j) {
    c(cross_time(b$time[j], b$lower_ends[j], 0.5, sqrt(.Machine$double.eps)),
      cross_time(b$time[j], b$upper_ends[j], 0.5, sqrt(.Machine$double.eps)))
  }, c(0, 0))
}

# The bootstrap band of a Turnbull fit's stratum (rows i of its table, j of
# its bounds) as pieces on which both limits are constant: x0, x1,
# conf_low, conf_high, from 0 to xmax.  NULL without a band.
turnbull_band <- function(fit, i, j, xmax) {
  tab <- fit$table
  if (!length(i) || all(is.na(tab$conf_low[i]))) return(NULL)
  cuts <- c(0, tab$lower[i], tab$upper[i], xmax)
  cuts <- sort(unique(cuts[is.finite(cuts) & cuts >= 0 & cuts <= xmax]))
  if (length(cuts) < 2) return(NULL)
  x0 <- cuts[-length(cuts)]
  x1 <- cuts[-1]
  at <- turnbull_at(fit, i, j, (x0 + x1) / 2)
  data.frame(x0 = x0, x1 = x1, conf_low = at$conf_low, conf_high = at$conf_high)
}

# A bound of a Turnbull fit's stratum (rows j of its bounds) as a step
# curve from 0 to xmax: time, estimate.
bounds_curve <- function(fit, j, which, xmax) {
  b <- fit$bounds
  t <- b$time[j]
  keep <- t <= xmax
  data.frame(time = c(0, t[keep], xmax),
             estimate = c(0, b[[which]][j][keep], if (any(keep)) b[[which]][j][keep][sum(keep)] else 0))
}

# The mass of a Turnbull stratum (rows `tab` of its table) that lies on an
# interval open to the right, (L, Inf): the NPMLE says only that it lies
# after L. NULL when there is none (or it is below 1e-8); otherwise the time
# L, the mass, the level of the curve before it and the note the plots show.
turnbull_open_end <- function(tab) {
  n <- nrow(tab)
  if (!n || is.finite(tab$upper[n]) || !(tab$mass[n] > 1e-8)) return(NULL)
  from <- max(tab$lower[n], 0)
  level <- if (n > 1) tab$estimate[n - 1] else 0
  list(from = from, mass = tab$mass[n], level = level,
       note = paste0(format_pct(tab$mass[n], if (tab$mass[n] < 0.095) 1 else 0), "% after ", format(signif(from, 4)),
                     ", time not known"))
}

# The right end of a Turnbull plot's x axis: the last finite time, with room
# after it for the curve's open end when some mass lies on (L, Inf).
turnbull_xmax <- function(fit, groups) {
  tab <- fit$table
  finite <- c(tab$lower, tab$upper, fit$bounds$time)
  finite <- finite[is.finite(finite)]
  xmax <- if (length(finite)) max(finite, 1) else 1
  open <- vapply(groups, function(i) !is.null(turnbull_open_end(tab[i, , drop = FALSE])),
                 FALSE)
  if (any(open)) xmax <- xmax * 1.15
  xmax
}
