# autoplot() methods: the package's plots as ggplot objects, for ggplot2
# users.  ggplot2 is only suggested; the methods are registered when
# ggplot2 is loaded (roxygen's @exportS3Method), and every ggplot2 function
# is called with `::`.  They draw what the base plot methods draw, from the
# same internal helpers, and return the ggplot so that users can add to it.

#' ggplot2 versions of casepool's plots
#'
#' `autoplot()` methods that return ggplot objects: the cumulative
#' proportion responded of a [time_to_response()] fit (as
#' [plot()][plot.time_fit]), the proportions of a [case_tally()] with
#' their intervals (as [plot()][plot.case_tally]), and the swimmer plot of a
#' [case_timeline()] (as [swimmer_plot()]). Add layers, scales and themes
#' to them as to any ggplot. They need the ggplot2 package, and are
#' available once it is loaded.
#'
#' @param object A fit from [time_to_response()], a tally from
#'   [case_tally()], or a timeline from [case_timeline()].
#' @param conf_int Draw the confidence band: pointwise (Kaplan-Meier fits)
#'   or the bootstrap band (Turnbull fits with a bootstrap). Default `TRUE`.
#' @param marks Draw a `+` at each censored time (Kaplan-Meier fits).
#'   Default `TRUE`.
#' @param col Colours: for a fit, one per stratum (default a
#'   colour-blind-safe palette); for a tally, of the dots and whiskers (with
#'   groups, one per group); for a timeline, of the bar, the infusions, the
#'   response, the stop and the relapse (up to five).
#' @param denominator For a tally: `"all"` (default), the proportion of all
#'   cases, or `"reported"`, of the cases that reported the item.
#' @param unit For a timeline: the time axis, `"weeks"` (default), `"days"`
#'   or `"months"`.
#' @param ... Not used; an argument given here is an error naming it.
#' @details
#' For a Kaplan-Meier fit the curve is a step function rising from 0 at
#' time 0, with its pointwise band (of `conf_type`, at `conf_level`) as a
#' stepped ribbon. For a Turnbull fit, the boxes show where the estimate is
#' not unique: inside each innermost interval the curve may rise anywhere
#' between the box's lower and upper edges; between them it is flat. The
#' lighter band is the bootstrap percentile band, and the dashed step
#' curves are the bounds (see [time_to_response()]). Mass on an interval
#' open to the right, (L, Inf), is not drawn as a box up to 100% at the
#' edge: the curve goes on dotted at its level after L, with a note of the
#' share of the mass that lies somewhere after L.
#'
#' The swimmer plot draws one bar per case from the first infusion (day 0)
#' to the end of its course: the latest of its last infusion, its
#' follow-up, its relapse and its response. The infusions are ticks on the
#' case's own regimen, the response is a point (an exact time) or a thick
#' segment (an interval), then the stop and the relapse. A response that
#' the timeline could not place in days (the case has no regimen) is not
#' drawn, and a warning names the cases.
#' @returns A ggplot object.
#' @family plots
#' @name autoplot.casepool
#' @examplesIf requireNamespace("ggplot2", quietly = TRUE)
#' library(ggplot2)
#' fit <- time_to_response(nsarc_cases, unit = "infusions", by = sex)
#' autoplot(fit)
#' autoplot(case_tally(nsarc_cases, stopped, improved = response != "none",
#'                     by = sex))
#' autoplot(case_timeline(nsarc_cases))
NULL

utils::globalVariables(".data")

autoplot_hints <- c(
  conf.int = "use `conf_int`",
  mark.time = "use `marks`",
  censor = "use `marks`",
  colour = "use `col`",
  color = "use `col`",
  palette = "use `col`",
  risk.table = "casepool's ggplot has no risk table; plot() has `risk_table`",
  risk_table = "casepool's ggplot has no risk table; plot() has `risk_table`"
)

#' @rdname autoplot.casepool
#' @param bounds For a Turnbull fit: draw the bounds (the Kaplan-Meier
#'   estimates with every interval at its lower end and at its upper end) as
#'   dashed step curves. Default `TRUE`.
#' @exportS3Method ggplot2::autoplot
autoplot.time_fit <- function(object, conf_int = TRUE, marks = TRUE, col = NULL,
                              bounds = TRUE, ...) {
  check_dots("autoplot", ..., hints = autoplot_hints)
  check_plot_args(col, NULL, NULL,
                  flags = list(conf_int = conf_int, marks = marks, bounds = bounds))
  x <- object
  groups <- fit_strata(x)
  labels <- if (is.null(x$strata_levels)) "all" else x$strata_levels
  col <- rep_len(col %||% default_colours(length(groups)), length(groups))
  names(col) <- labels
  unit <- x$unit %||% "time"
  xlab <- paste0(toupper(substring(unit, 1, 1)), substring(unit, 2))
  ylab <- if (x$event == "relapse") "Proportion relapsed" else "Proportion responded"
  tab <- x$table
  strata_of <- function(g, n) factor(rep(labels[g], n), levels = labels)

  p <- ggplot2::ggplot()
  if (x$type == "right") {
    curve <- do.call(rbind, lapply(seq_along(groups), function(g) {
      i <- groups[[g]]
      data.frame(strata = strata_of(g, length(i) + 1), time = c(0, tab$time[i]),
                 estimate = c(0, tab$estimate[i]), conf_low = c(0, tab$conf_low[i]),
                 conf_high = c(0, tab$conf_high[i]))
    }))
    if (conf_int) {
      band <- step_band(curve)
      if (nrow(band)) {
        p <- p + ggplot2::geom_ribbon(
          ggplot2::aes(x = .data$time, ymin = .data$conf_low, ymax = .data$conf_high,
                       fill = .data$strata, group = .data$segment),
          data = band, alpha = 0.18, colour = NA)
      }
    }
    p <- p + ggplot2::geom_step(
      ggplot2::aes(x = .data$time, y = .data$estimate, colour = .data$strata),
      data = curve, direction = "hv", linewidth = 0.9)
    if (marks) {
      cens <- tab[tab$n_censor > 0, , drop = FALSE]
      if (nrow(cens)) {
        cens$strata <- factor(labels[if (is.null(x$strata_levels)) rep(1L, nrow(cens))
                                     else as.integer(cens$strata)], levels = labels)
        p <- p + ggplot2::geom_point(
          ggplot2::aes(x = .data$time, y = .data$estimate, colour = .data$strata),
          data = cens, shape = 3, size = 2)
      }
    }
  } else {
    xmax <- turnbull_xmax(x, groups)
    boxes <- flats <- bands <- lines <- opens <- NULL
    bgroups <- bounds_strata(x)
    for (g in seq_along(groups)) {
      i <- groups[[g]]
      j <- bgroups[[g]]
      band <- if (conf_int) turnbull_band(x, i, j, xmax)
      if (!is.null(band)) bands <- rbind(bands, cbind(strata = strata_of(g, nrow(band)), band))
      if (bounds && length(j)) {
        for (which in c("lower_ends", "upper_ends")) {
          b <- bounds_curve(x, j, which, xmax)
          lines <- rbind(lines, data.frame(strata = strata_of(g, nrow(b)),
                                           bound = paste(labels[g], which),
                                           time = b$time, estimate = b$estimate))
        }
      }
      if (!length(i)) next
      # mass on (L, Inf) is not drawn as a box up to 100% at the edge: the
      # curve's lowest path is dashed after L, with a note of the mass
      open <- turnbull_open_end(tab[i, , drop = FALSE])
      if (!is.null(open)) {
        i <- i[-length(i)]
        opens <- rbind(opens, data.frame(strata = strata_of(g, 1), x = open$from,
                                         xend = xmax, y = open$level, note = open$note))
      }
      est <- tab$estimate[i]
      before <- c(0, est[-length(est)])
      lower <- pmax(tab$lower[i], 0)
      upper <- pmin(tab$upper[i], xmax)
      has <- tab$mass[i] > 1e-8
      boxes <- rbind(boxes, data.frame(strata = strata_of(g, sum(has)), xmin = lower[has],
                                       xmax = upper[has], ymin = before[has],
                                       ymax = est[has]))
      flats <- rbind(flats, data.frame(strata = strata_of(g, length(i) + 1),
                                       x = c(0, upper),
                                       xend = c(lower, min(open$from, xmax)),
                                       y = c(0, est)))
    }
    if (!is.null(bands)) {
      p <- p + ggplot2::geom_rect(
        ggplot2::aes(xmin = .data$x0, xmax = .data$x1, ymin = .data$conf_low,
                     ymax = .data$conf_high, fill = .data$strata),
        data = bands, alpha = 0.12, colour = NA)
    }
    if (!is.null(boxes) && nrow(boxes)) {
      p <- p + ggplot2::geom_rect(
        ggplot2::aes(xmin = .data$xmin, xmax = .data$xmax, ymin = .data$ymin,
                     ymax = .data$ymax, fill = .data$strata, colour = .data$strata),
        data = boxes, alpha = 0.25)
    }
    if (!is.null(flats)) {
      p <- p + ggplot2::geom_segment(
        ggplot2::aes(x = .data$x, xend = .data$xend, y = .data$y, yend = .data$y,
                     colour = .data$strata),
        data = flats, linewidth = 0.9)
    }
    if (!is.null(opens)) {
      p <- p + ggplot2::geom_segment(
        ggplot2::aes(x = .data$x, xend = .data$xend, y = .data$y, yend = .data$y,
                     colour = .data$strata),
        data = opens, linewidth = 0.9, linetype = "dotted") +
        ggplot2::geom_text(
          ggplot2::aes(x = .data$xend, y = .data$y, label = .data$note,
                       colour = .data$strata),
          data = opens, hjust = 1, vjust = ifelse(opens$y > 0.9, 1.4, -0.6), size = 3,
          show.legend = FALSE)
    }
    if (!is.null(lines)) {
      p <- p + ggplot2::geom_step(
        ggplot2::aes(x = .data$time, y = .data$estimate, colour = .data$strata,
                     group = .data$bound),
        data = lines, direction = "hv", linetype = "dashed", linewidth = 0.4)
    }
  }
  p <- p +
    ggplot2::scale_colour_manual(values = col, drop = FALSE, name = NULL) +
    ggplot2::scale_fill_manual(values = col, drop = FALSE, name = NULL, guide = "none") +
    ggplot2::scale_y_continuous(limits = c(0, 1), labels = percent_labels) +
    ggplot2::labs(x = xlab, y = ylab)
  if (length(groups) == 1) p <- p + ggplot2::theme(legend.position = "none")
  p
}

# A step curve's band as ribbon pieces: each row of `curve` (per stratum)
# holds from its time to the next; rows without an interval break the
# ribbon into segments.
step_band <- function(curve) {
  out <- lapply(split(curve, curve$strata), function(d) {
    if (nrow(d) < 2) return(NULL)
    ok <- !is.na(d$conf_low) & !is.na(d$conf_high)
    k <- seq_len(nrow(d) - 1)
    k <- k[ok[k]]
    if (!length(k)) return(NULL)
    # consecutive rows with intervals form one segment
    segment <- cumsum(c(1, diff(k) != 1))
    data.frame(strata = d$strata[1],
               segment = paste(d$strata[1], rep(segment, each = 2)),
               time = as.vector(rbind(d$time[k], d$time[k + 1])),
               conf_low = rep(d$conf_low[k], each = 2),
               conf_high = rep(d$conf_high[k], each = 2))
  })
  out <- do.call(rbind, out)
  if (is.null(out)) {
    out <- data.frame(strata = factor(), segment = character(), time = numeric(),
                      conf_low = numeric(), conf_high = numeric())
  }
  rownames(out) <- NULL
  out
}

percent_labels <- function(x) ifelse(is.na(x), NA, paste0(format(100 * x, trim = TRUE), "%"))

#' @rdname autoplot.casepool
#' @exportS3Method ggplot2::autoplot
autoplot.case_tally <- function(object, denominator = c("all", "reported"),
                                col = NULL, ...) {
  check_dots("autoplot", ..., hints = autoplot_hints)
  x <- object
  denominator <- arg_choice(denominator)
  td <- tidy.case_tally(x, denominator = denominator)
  grouped <- "group" %in% names(td)
  label <- td$outcome
  if (grouped) label <- paste0(label, ": ", td$group)
  label <- paste0(label, " (", td$yes, "/", td$n, ")")
  # the first row at the top, as in the printed tally
  td$label <- factor(label, levels = rev(unique(label)))
  td$group_label <- if (grouped) factor(as.character(td$group),
                                        levels = unique(as.character(td$group)))
                    else factor(rep("all", nrow(td)))
  lev <- levels(td$group_label)
  col <- rep_len(col %||% if (grouped) default_colours(length(lev)) else "#1b6ca8",
                 length(lev))
  names(col) <- lev
  rep <- denominator == "reported"
  xlab <- paste0("Proportion of ", if (rep) "cases reporting" else "all cases",
                 " (", format_pct(attr(x, "conf_level") %||% 0.95, 0), "% CI, ",
                 binom_method_label(attr(x, "method") %||% "exact"), ")")
  ci <- td[!is.na(td$conf.low) & !is.na(td$conf.high), , drop = FALSE]
  p <- ggplot2::ggplot(td, ggplot2::aes(y = .data$label, colour = .data$group_label)) +
    ggplot2::geom_linerange(ggplot2::aes(xmin = .data$conf.low, xmax = .data$conf.high),
                            data = ci, linewidth = 0.9) +
    ggplot2::geom_point(ggplot2::aes(x = .data$estimate), size = 2.5, na.rm = TRUE) +
    ggplot2::scale_colour_manual(values = col, name = NULL) +
    ggplot2::scale_x_continuous(limits = c(0, 1), labels = percent_labels) +
    ggplot2::labs(x = xlab, y = NULL)
  if (!grouped) p <- p + ggplot2::theme(legend.position = "none")
  p
}

#' @rdname autoplot.casepool
#' @exportS3Method ggplot2::autoplot
autoplot.case_timeline <- function(object, unit = c("weeks", "days", "months"),
                                   col = NULL, ...) {
  check_dots("autoplot", ..., hints = c(autoplot_hints,
    label = "the timeline labels its bars by `case_id`; swimmer_plot() also takes `label = \"report\"`",
    regimen = "give the regimen to case_timeline()"))
  tl <- object
  unit <- arg_choice(unit)
  d <- swimmer_data(tl, unit)
  col <- rep_len(col %||% c("grey80", "grey35", "#1b6ca8", "#edae49", "#d1495b"), 5)
  events <- c("infusion", "response", "drug stopped", "relapse")
  ev_col <- stats::setNames(col[2:5], events)
  ev_shape <- stats::setNames(c(124, 19, 15, 17), events)
  n <- nrow(d$bars)
  p <- ggplot2::ggplot() +
    ggplot2::geom_rect(ggplot2::aes(xmin = 0, xmax = .data$end, ymin = .data$row - 0.3,
                                    ymax = .data$row + 0.3),
                       data = d$bars, fill = col[1], colour = NA)
  if (nrow(d$spans)) {
    p <- p + ggplot2::geom_segment(
      ggplot2::aes(x = .data$from, xend = .data$to, y = .data$row, yend = .data$row,
                   colour = .data$event),
      data = d$spans, linewidth = 2, show.legend = FALSE)
  }
  p +
    ggplot2::geom_point(ggplot2::aes(x = .data$at, y = .data$row, colour = .data$event,
                                     shape = .data$event),
                        data = d$marks, size = 2.5) +
    ggplot2::scale_colour_manual(values = ev_col, limits = events, name = NULL) +
    ggplot2::scale_shape_manual(values = ev_shape, limits = events, name = NULL) +
    ggplot2::scale_y_continuous(breaks = seq_len(n), labels = d$bars$label,
                                expand = ggplot2::expansion(add = 0.6)) +
    ggplot2::scale_x_continuous(expand = ggplot2::expansion(mult = c(0, 0.02))) +
    ggplot2::labs(x = paste0(toupper(substring(unit, 1, 1)), substring(unit, 2),
                             " since the first infusion"), y = NULL)
}
