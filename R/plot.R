# Base-graphics plots: no dependency beyond grDevices and graphics.

default_colours <- function(n) {
  pal <- c("#1b6ca8", "#d1495b", "#2e933c", "#edae49", "#66429b", "#00798c",
           "#8d6a9f", "#595959")
  rep_len(pal, n)
}

# Colours and axis limits given by the user: NULL, or usable.
check_plot_args <- function(col, xlim, ylim, labels = list(), legend = NULL,
                            flags = list()) {
  if (!is.null(col)) {
    ok <- (is.character(col) || is.numeric(col)) && length(col) && !anyNA(col) &&
      (!is.numeric(col) || all(col >= 1 & col == round(col) & col < 1e6)) &&
      !inherits(tryCatch(grDevices::col2rgb(col), error = identity), "error")
    if (!ok) {
      cp_abort("`col` must be colours (names, \"#rrggbb\" or palette numbers ",
               ">= 1), not ", describe(col), ".")
    }
  }
  for (lim in list(list(xlim, "xlim"), list(ylim, "ylim"))) {
    v <- lim[[1]]
    if (!is.null(v) && !(is.numeric(v) && length(v) == 2 && all(is.finite(v)))) {
      cp_abort("`", lim[[2]], "` must be two finite numbers, not ", describe(v), ".")
    }
  }
  for (nm in names(labels)) {
    v <- labels[[nm]]
    if (!is.null(v) && !(is.character(v) || is.expression(v) || is.call(v))) {
      cp_abort("`", nm, "` must be text, not ", describe(v), ".")
    }
  }
  if (!is.null(legend)) {
    places <- c("bottomright", "bottom", "bottomleft", "left", "topleft", "top",
                "topright", "right", "center")
    if (!(is.character(legend) && length(legend) == 1 && legend %in% places)) {
      cp_abort("`legend` must be NULL (no legend) or one of ",
               fmt_list(dQuote(places, FALSE), max = 9, conj = "or"), ", not ",
               describe(legend), ".")
    }
  }
  for (nm in names(flags)) {
    v <- flags[[nm]]
    if (!(is.logical(v) && length(v) == 1 && !is.na(v))) {
      cp_abort("`", nm, "` must be TRUE or FALSE, not ", describe(v), ".")
    }
  }
  invisible()
}

# An empty plot to draw on; a device too small for its margins is an
# error that says so, not "figure margins too large".
plot_frame <- function(...) {
  tryCatch(graphics::plot(NA, ...), error = function(e) {
    if (!grepl("margins too large|plot region too large", conditionMessage(e))) stop(e)
    size <- round(grDevices::dev.size("in"), 1)
    cp_abort("The plot does not fit the graphics device (", size[1], " x ", size[2],
             " inches) with its labels and margins: make the device larger ",
             "(`fig.width`/`fig.height` in R Markdown), or draw fewer rows.")
  })
}

alpha_colour <- function(col, alpha) {
  rgb <- grDevices::col2rgb(col) / 255
  grDevices::rgb(rgb[1, ], rgb[2, ], rgb[3, ], alpha)
}

#' Plot the cumulative proportion responded
#'
#' Draws a time-to-response fit as the cumulative proportion responded, a
#' step curve rising from 0, with its pointwise confidence band, censoring
#' marks, one colour per stratum and a legend. For Turnbull fits the boxes
#' show where the NPMLE is not unique: inside each innermost interval the
#' curve may rise anywhere between the box's lower and upper edges; the
#' shaded band is the bootstrap percentile band (see [time_to_response()]),
#' and the dashed step curves are the bounds: the Kaplan-Meier estimates
#' with every interval at its lower end (the upper curve) and at its upper
#' end (the lower curve). Mass that the NPMLE puts on an interval open to
#' the right, (L, Inf) (a case censored after every finite time), is not
#' drawn as a rise to 100% at the plot's edge, since it may lie anywhere
#' after L: the curve goes on dotted at its level after L, and a note says
#' how much of the mass lies there.
#'
#' @param x A fit from [time_to_response()].
#' @param conf_int Draw the confidence band: pointwise (Kaplan-Meier) or the
#'   bootstrap band (Turnbull fits with a bootstrap). Default `TRUE`.
#' @param marks Draw a `+` at each censored time (Kaplan-Meier fits).
#'   Default `TRUE`.
#' @param risk_table Print the number at risk at the axis ticks under the
#'   plot (Kaplan-Meier fits; a Turnbull fit has no number at risk, and
#'   asking for it there is a warning). Default `FALSE`.
#' @param bounds Draw the bounds of a Turnbull fit as dashed step curves.
#'   Default `TRUE`.
#' @param col Colours, one per stratum; default a colour-blind-safe palette.
#' @param xlab,ylab,main Axis labels and title; `xlab` defaults to the unit.
#' @param xlim,ylim Axis limits; default the data's range and `c(0, 1)`.
#' @param legend Legend position (see [graphics::legend()]), or `NULL` for
#'   none. Default `"bottomright"`.
#' @param ... Further graphical parameters for [graphics::plot()].
#' @returns Invisibly, the plotted curve: a data frame with `strata`,
#'   `time`, `estimate`, `conf_low`, `conf_high` (Kaplan-Meier, starting at
#'   time 0), or the fit's table (Turnbull).
#' @family plots
#' @export
#' @examples
#' fit <- time_to_response(nsarc_cases, unit = "infusions", by = "sex")
#' plot(fit)
#' plot(time_to_response(nsarc_cases, unit = "days", seed = 1))
plot.time_fit <- function(x, conf_int = TRUE, marks = TRUE, risk_table = FALSE,
                          bounds = TRUE, col = NULL, xlab = NULL, ylab = NULL,
                          main = NULL, xlim = NULL, ylim = c(0, 1),
                          legend = "bottomright", ...) {
  groups <- fit_strata(x)
  labels <- if (is.null(x$strata_levels)) "all" else x$strata_levels
  check_plot_args(col, xlim, ylim)
  col <- col %||% default_colours(length(groups))
  col <- rep_len(col, length(groups))
  tab <- x$table
  unit <- x$unit %||% "time"
  xlab <- xlab %||% paste0(toupper(substring(unit, 1, 1)), substring(unit, 2))
  ylab <- ylab %||% if (x$event == "relapse") "Proportion relapsed" else "Proportion responded"
  xlim <- xlim %||% if (x$type == "right") {
    c(0, if (length(tab$time)) max(tab$time, 1) else 1)
  } else {
    c(0, turnbull_xmax(x, groups))
  }
  if (risk_table && x$type != "right") {
    cp_warn("`risk_table` applies to Kaplan-Meier fits: a Turnbull fit of ",
            "interval-censored times has no number at risk.")
    risk_table <- FALSE
  }

  if (risk_table) {
    old <- graphics::par(mar = graphics::par("mar") + c(length(groups) + 1, 2, 0, 0))
    on.exit(graphics::par(old), add = TRUE)
  }
  plot_frame(xlim = xlim, ylim = ylim, xlab = xlab, ylab = ylab,
                 main = main, las = 1, ...)
  curves <- vector("list", length(groups))
  bgroups <- if (x$type == "interval") bounds_strata(x)
  for (g in seq_along(groups)) {
    i <- groups[[g]]
    if (x$type == "right") {
      curves[[g]] <- draw_km(tab[i, , drop = FALSE], col[g], conf_int, marks,
                             xlim[2], labels[g])
    } else {
      if (conf_int) draw_turnbull_band(x, i, bgroups[[g]], col[g], xlim[2])
      draw_turnbull(tab[i, , drop = FALSE], col[g], xlim[2])
      if (bounds) draw_bounds(x, bgroups[[g]], col[g], xlim[2])
    }
  }
  if (!is.null(legend) && length(groups) > 1) {
    graphics::legend(legend, legend = labels, col = col, lwd = 2, bty = "n")
  }
  if (risk_table) draw_risk_table(x, groups, labels, col)
  invisible(if (x$type == "right") do.call(rbind, curves) else as.data.frame(x))
}

draw_km <- function(tab, col, conf_int, marks, xmax, label) {
  time <- c(0, tab$time)
  est <- c(0, tab$estimate)
  lo <- c(0, tab$conf_low)
  hi <- c(0, tab$conf_high)
  end <- max(time)
  if (conf_int && nrow(tab)) {
    ok <- !is.na(lo) & !is.na(hi)
    if (any(ok)) {
      # a step band: each row holds from its time to the next
      t1 <- time[ok]
      t2 <- c(time[ok][-1], end)
      xs <- as.vector(rbind(t1, t2))
      graphics::polygon(c(xs, rev(xs)),
                        c(rep(lo[ok], each = 2), rev(rep(hi[ok], each = 2))),
                        col = alpha_colour(col, 0.18), border = NA)
    }
  }
  graphics::lines(c(time, end), c(est, est[length(est)]), type = "s", col = col, lwd = 2)
  if (marks && nrow(tab)) {
    cens <- tab$n_censor > 0
    graphics::points(tab$time[cens], tab$estimate[cens], pch = 3, col = col, cex = 0.8)
  }
  data.frame(strata = rep(label, length(time)), time = time, estimate = est,
             conf_low = lo, conf_high = hi)
}

draw_turnbull <- function(tab, col, xmax) {
  if (!nrow(tab)) return(NULL)
  open <- turnbull_open_end(tab)
  if (!is.null(open)) tab <- tab[-nrow(tab), , drop = FALSE]
  before <- c(0, tab$estimate[-nrow(tab)])
  upper <- pmin(tab$upper, xmax)
  lower <- pmax(tab$lower, 0)
  # where the curve is not unique: a box per interval with mass
  has <- tab$mass > 1e-8
  graphics::rect(lower[has], before[has], upper[has], tab$estimate[has],
                 col = alpha_colour(col, 0.25), border = col)
  # where it is: flat from each interval's upper end to the next lower end
  # (to the right edge, or to where the mass on (L, Inf) begins)
  x0 <- c(0, upper)
  x1 <- c(lower, if (is.null(open)) xmax else min(open$from, xmax))
  y <- c(0, tab$estimate)
  graphics::segments(x0, y, x1, y, col = col, lwd = 2)
  if (!is.null(open) && open$from < xmax) {
    # the rest lies somewhere after L: not a jump to 100% at the edge, but
    # the curve's lowest possible path, dashed, and how much is unresolved
    graphics::segments(open$from, open$level, xmax, open$level, col = col, lwd = 2,
                       lty = 3)
    graphics::text(xmax, open$level, open$note, adj = c(1, if (open$level > 0.9) 1.4 else -0.6),
                   col = col, cex = 0.75)
  }
  invisible()
}

# The bootstrap band of a Turnbull fit's stratum, as constant pieces.
draw_turnbull_band <- function(x, i, j, col, xmax) {
  band <- turnbull_band(x, i, j, xmax)
  if (is.null(band)) return(invisible())
  xs <- as.vector(rbind(band$x0, band$x1))
  graphics::polygon(c(xs, rev(xs)),
                    c(rep(band$conf_low, each = 2), rev(rep(band$conf_high, each = 2))),
                    col = alpha_colour(col, 0.12), border = NA)
  invisible()
}

# The bounds of a Turnbull fit's stratum: two dashed step curves.
draw_bounds <- function(x, j, col, xmax) {
  if (!length(j)) return(invisible())
  for (which in c("lower_ends", "upper_ends")) {
    b <- bounds_curve(x, j, which, xmax)
    graphics::lines(b$time, b$estimate, type = "s", col = col, lty = 2, lwd = 1)
  }
  invisible()
}

draw_risk_table <- function(x, groups, labels, col) {
  ticks <- graphics::axTicks(1)
  tab <- x$table
  n_at <- function(i, t) {
    if (!length(i)) return(0)
    later <- which(tab$time[i] >= t)
    if (length(later)) tab$n_risk[i][later[1]] else 0
  }
  line0 <- graphics::par("mgp")[1] + 2
  graphics::mtext("At risk", side = 1, line = line0, adj = 0, at = graphics::par("usr")[1] -
                    0.12 * diff(graphics::par("usr")[1:2]), cex = 0.8)
  for (g in seq_along(groups)) {
    n <- vapply(ticks, function(t) n_at(groups[[g]], t), 0)
    graphics::mtext(n, side = 1, line = line0 + g, at = ticks, col = col[g], cex = 0.8)
    if (length(groups) > 1) {
      graphics::mtext(labels[g], side = 1, line = line0 + g, adj = 1, col = col[g],
                      at = graphics::par("usr")[1] - 0.02 * diff(graphics::par("usr")[1:2]),
                      cex = 0.7)
    }
  }
}

#' Plot case tallies with their confidence intervals
#'
#' One dot per outcome (and group) at its proportion, with whiskers for its
#' confidence interval.
#'
#' @param x A tally from [case_tally()].
#' @param denominator `"all"` (default): yes of all cases; `"reported"`: yes
#'   of the cases that reported the item.
#' @param col Colour of the dots and whiskers.
#' @param xlab,main Axis label and title.
#' @param xlim Limits of the proportion axis. Default `c(0, 1)`.
#' @param ... Further graphical parameters for [graphics::plot()].
#' @returns Invisibly, a data frame with `label`, `estimate`, `conf_low`,
#'   `conf_high`, top row first.
#' @family plots
#' @export
#' @examples
#' tab <- case_tally(nsarc_cases, stopped,
#'                   sustained = response != "none" & stopped & !relapse,
#'                   by = "sex")
#' plot(tab)
plot.case_tally <- function(x, denominator = c("all", "reported"),
                            col = "#1b6ca8", xlab = NULL, main = NULL,
                            xlim = c(0, 1), ...) {
  check_plot_args(col, xlim, NULL, list(xlab = xlab, main = main))
  denominator <- arg_choice(denominator)
  rep <- denominator == "reported"
  est <- if (rep) x$prop_reported else x$prop
  lo <- if (rep) x$conf_low_reported else x$conf_low
  hi <- if (rep) x$conf_high_reported else x$conf_high
  den <- if (rep) x$n_reported else x$n
  label <- x$outcome
  if ("group" %in% names(x)) label <- paste0(label, ": ", x$group)
  label <- paste0(label, " (", x$yes, "/", den, ")")
  n <- length(label)
  y <- rev(seq_len(n))
  xlab <- xlab %||% paste0("Proportion of ", if (rep) "cases reporting" else "all cases",
                           " (", format_pct(attr(x, "conf_level") %||% 0.95, 0), "% CI, ",
                           binom_method_label(attr(x, "method") %||% "exact"), ")")
  old <- graphics::par(mar = c(4.5, max(4, 0.45 * max(nchar(label), 1)), 2, 1))
  on.exit(graphics::par(old), add = TRUE)
  plot_frame(xlim = xlim, ylim = c(0.5, max(n, 1) + 0.5), yaxt = "n",
                 xlab = xlab, ylab = "", main = main, ...)
  graphics::abline(v = seq(0, 1, 0.25), col = "grey90")
  graphics::axis(2, at = y, labels = label, las = 1, tick = FALSE, cex.axis = 0.85)
  ok <- !is.na(lo) & !is.na(hi)
  graphics::segments(lo[ok], y[ok], hi[ok], y[ok], col = col, lwd = 2)
  graphics::points(est, y, pch = 19, col = col)
  invisible(data.frame(label = label, estimate = est, conf_low = lo, conf_high = hi))
}

#' Swimmer plot of every case's course
#'
#' One horizontal bar per case, from the first infusion (day 0) to its last
#' follow-up, with the infusions as ticks and markers for the response (a
#' point, or a thick segment when the onset is an interval), the drug
#' stopped and a relapse. Cases are ordered by the length of their course.
#'
#' Everything is placed by the case's timeline ([case_timeline()]): its
#' infusions on its own regimen (else `regimen`), up to `n_infusions` (the
#' first 1000 drawn); its course runs to the latest of its last infusion,
#' its `followup`, its `followup_after_stop` after stopping and its
#' response. A response that cannot be placed in days (no regimen) is not
#' drawn, and a warning names the cases.
#'
#' @param cases A case table from [as_cases()].
#' @param regimen The regimen of cases without their own, a [regimen()] or
#'   a string in its grammar; `NULL` (default) for none.
#' @param label `"case_id"` (default) or `"report"`: the bar labels.
#' @param unit Time axis: `"weeks"` (default), `"days"` or `"months"`.
#' @param col Colours of the bar, the infusion ticks, the response, the
#'   stop and the relapse markers (a vector of up to five).
#' @param xlim Axis limits; default from 0 to the longest course.
#' @param main Title.
#' @param legend Legend position, or `NULL` for none. Default `"bottomright"`.
#' @returns Invisibly, one row per case in plotting order (bottom first):
#'   `case_id`, `label`, `end` (course length, in `unit`), `onset_lower`,
#'   `onset_upper`, `stop`, `relapse_at` (in `unit`).
#' @family plots
#' @export
#' @examples
#' swimmer_plot(nsarc_cases)
swimmer_plot <- function(cases, regimen = NULL,
                         label = c("case_id", "report"),
                         unit = c("weeks", "days", "months"), col = NULL,
                         xlim = NULL, main = NULL, legend = "bottomright") {
  check_cases(cases)
  label <- arg_choice(label)
  unit <- arg_choice(unit)
  check_plot_args(col, xlim, NULL, list(main = main), legend)
  col <- rep_len(col %||% c("grey80", "grey35", "#1b6ca8", "#edae49", "#d1495b"), 5)
  if (!nrow(cases)) cp_abort("`cases` has no cases to draw.")
  d <- swimmer_data(case_timeline(cases, regimen), unit, labels = cases[[label]])
  bars <- d$bars
  n <- nrow(bars)
  xlim <- xlim %||% c(0, max(c(bars$end, 1 / 7), na.rm = TRUE) * 1.02)
  old <- graphics::par(mar = c(4.5, max(4, 0.5 * max(nchar(bars$label), 1)), 2, 1))
  on.exit(graphics::par(old), add = TRUE)
  plot_frame(xlim = xlim, ylim = c(0.5, n + 0.5), yaxt = "n",
             xlab = paste0(toupper(substring(unit, 1, 1)), substring(unit, 2),
                           " since the first infusion"),
             ylab = "", main = main)
  graphics::axis(2, at = bars$row, labels = bars$label, las = 1, tick = FALSE,
                 cex.axis = if (n > 40) 0.5 else 0.75)
  graphics::rect(0, bars$row - 0.3, bars$end, bars$row + 0.3, col = col[1], border = NA)
  m <- d$marks
  tick <- m$event == "infusion"
  graphics::segments(m$at[tick], m$row[tick] - 0.3, m$at[tick], m$row[tick] + 0.3,
                     col = col[2])
  graphics::segments(d$spans$from, d$spans$row, d$spans$to, d$spans$row, col = col[3], lwd = 4)
  for (k in 2:4) {
    e <- m$event == levels(m$event)[k]
    graphics::points(m$at[e], m$row[e], pch = c(19, 15, 17)[k - 1], col = col[k + 1])
  }
  if (!is.null(legend)) {
    graphics::legend(legend, legend = levels(m$event), col = col[2:5],
                     pch = c(NA, 19, 15, 17), lty = c(1, NA, NA, NA), bg = "white", cex = 0.8)
  }
  resp <- m[m$event == "response", ]
  ord <- match(bars$case_id, cases$case_id)
  on_lo <- on_hi <- rep(NA_real_, n)
  on_lo[resp$row] <- on_hi[resp$row] <- resp$at
  on_lo[d$spans$row] <- d$spans$from
  on_hi[d$spans$row] <- d$spans$to_raw
  tl <- d$timeline
  invisible(data.frame(case_id = bars$case_id, label = bars$label, end = bars$end,
                       onset_lower = on_lo, onset_upper = on_hi,
                       stop = tl$stop_day[ord] / d$scale,
                       relapse_at = tl$relapse_day[ord] / d$scale))
}

# The swimmer plot of a timeline as data frames, in `unit`, for the base
# plot and autoplot(): bars (case_id, label, row, end: one per case,
# shortest course at the bottom), marks (row, at, event: infusions, exact
# responses, stops, relapses) and spans (row, from, to, event: responses
# known to an interval; `to_raw` is Inf when the interval is open).
swimmer_data <- function(tl, unit, labels = tl$case_id) {
  scale <- c(days = 1, weeks = 7, months = month_days)[[unit]]
  code <- attr(tl, "codes")$days
  unplaced <- which(code == 20L & !tl$response %in% "none")
  if (length(unplaced)) {
    cp_warn("The response of ", fmt_cases(unplaced, tl$case_id), " is not ",
            "drawn: placing it in days needs a regimen, and the case has none.",
            class = "casepool_warning_swimmer")
  }
  responder <- code %in% 1:3
  on_lo <- ifelse(responder, tl$days_left, NA)
  on_hi <- ifelse(responder, tl$days_right, NA)
  end <- tl$end_day
  n <- nrow(tl)
  ord <- order(end, na.last = FALSE)
  row_of <- match(seq_len(n), ord)
  labs <- as.character(labels)
  labs[is.na(labs)] <- "?"
  bars <- data.frame(case_id = tl$case_id[ord], label = labs[ord], row = seq_len(n),
                     end = end[ord] / scale, stringsAsFactors = FALSE)
  ticks <- infusion_ticks(tl, tl$n_infusions)
  exact <- which(!is.na(on_lo) & on_lo == on_hi)
  span <- which(!is.na(on_lo) & on_lo < on_hi)
  stop <- which(!is.na(tl$stop_day))
  relapse <- which(!is.na(tl$relapse_day))
  events <- c("infusion", "response", "drug stopped", "relapse")
  mark <- function(case, at, event) {
    data.frame(row = row_of[case], at = at / scale,
               event = factor(rep(event, length(case)), levels = events))
  }
  marks <- rbind(mark(ticks$case, ticks$day, "infusion"),
                 mark(exact, on_lo[exact], "response"),
                 mark(stop, tl$stop_day[stop], "drug stopped"),
                 mark(relapse, tl$relapse_day[relapse], "relapse"))
  spans <- data.frame(row = row_of[span], from = on_lo[span] / scale,
                      to = ifelse(is.finite(on_hi[span]), on_hi[span], end[span]) / scale,
                      to_raw = on_hi[span] / scale,
                      event = factor(rep("response", length(span)), levels = events))
  list(bars = bars, marks = marks, spans = spans, scale = scale, timeline = tl)
}

# The day of every infusion of every case with a regimen, in one call to
# C: list(case, day); at most `most` infusions a case.
infusion_ticks <- function(tl, n_infusions, most = 1000) {
  ri <- attr(tl, "regimens")
  k_max <- ifelse(is.na(ri$idx), 0, n_infusions)
  own <- ri$table$max_inf[ri$idx]
  k_max <- ifelse(is.na(k_max) & !is.na(own) & is.finite(own), own, k_max)
  k_max <- ifelse(is.na(k_max), 0, k_max)
  many <- which(k_max > most)
  if (length(many)) {
    cp_warn("Only the first ", most, " infusions are drawn for ",
            fmt_cases(many, tl$case_id), ", which ", if (length(many) > 1) "have" else "has",
            " ", fmt_values(k_max[many]), " (`n_infusions`).",
            class = "casepool_warning_swimmer")
    k_max <- pmin(k_max, most)
  }
  case <- rep.int(seq_along(k_max), k_max)
  k <- sequence(k_max)
  day <- .Call(cp_regimen_days, as.double(k), ri$table, ri$idx[case], 1L)
  list(case = case, day = day)
}
