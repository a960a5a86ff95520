# plot() of a time-to-response fit: Kaplan-Meier curves with their band,
# Turnbull boxes, bootstrap band and bounds, and the number at risk.

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
#'   none: the strata, or for a Turnbull fit of one curve a key to its line,
#'   boxes, band and bounds. Default `"bottomright"`.
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
  check_plot_args(col, xlim, ylim, list(xlab = xlab, ylab = ylab, main = main), legend,
                  list(conf_int = conf_int, marks = marks, risk_table = risk_table,
                       bounds = bounds))
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
  } else if (!is.null(legend) && x$type == "interval") {
    turnbull_key(x, legend, col, conf_int, bounds)
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

# The key of a one-curve Turnbull plot: what the line, the boxes, the band
# and the dashed curves are.
turnbull_key <- function(x, position, col, conf_int, bounds) {
  band <- conf_int && !all(is.na(x$table$conf_low))
  key <- c("NPMLE", "not unique (boxes)",
           if (band) "bootstrap band", if (bounds) "bounds (intervals at their ends)")
  fill <- c(NA, alpha_colour(col, 0.25), if (band) alpha_colour(col, 0.12), if (bounds) NA)
  graphics::legend(position, legend = key, col = c(col, NA, if (band) NA, if (bounds) col),
                   lty = c(1, NA, if (band) NA, if (bounds) 2),
                   lwd = c(2, NA, if (band) NA, if (bounds) 1),
                   fill = fill, border = c(NA, col, if (band) NA, if (bounds) NA),
                   bty = "n", cex = 0.8)
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
