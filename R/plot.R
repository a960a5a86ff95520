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
