# Forest plots of pooled proportions: base graphics, and autoplot() for
# ggplot2 users.

# Rows of a forest plot, top to bottom, as a data frame: the studies, then
# the pooled rows and the prediction interval.
forest_rows <- function(x, common, prediction, digits) {
  s <- x$studies
  p <- x$pooled
  lab <- model_label(x)
  rows <- data.frame(type = "study", label = s$study,
                     xn = paste0(s$x, "/", s$n), estimate = s$estimate,
                     conf_low = s$conf_low, conf_high = s$conf_high,
                     weight = s$weight, stringsAsFactors = FALSE)
  models <- if (common) c("random", "common") else "random"
  for (m in models) {
    i <- match(m, p$model)
    rows <- rbind(rows, data.frame(type = m, label = lab[[m]],
                                   xn = paste0(x$x_total, "/", x$n_total),
                                   estimate = p$estimate[i], conf_low = p$conf_low[i],
                                   conf_high = p$conf_high[i], weight = NA_real_,
                                   stringsAsFactors = FALSE))
  }
  if (prediction && !anyNA(x$prediction)) {
    rows <- rbind(rows, data.frame(type = "prediction", label = "Prediction interval",
                                   xn = "", estimate = NA_real_,
                                   conf_low = x$prediction[[1]],
                                   conf_high = x$prediction[[2]], weight = NA_real_,
                                   stringsAsFactors = FALSE))
  }
  rows$text <- ifelse(rows$type == "prediction",
                      paste0(format_pct(rows$conf_low, digits), "% to ",
                             format_pct(rows$conf_high, digits), "%"),
                      pct_interval(rows$estimate, rows$conf_low, rows$conf_high, digits))
  rows$weight_text <- ifelse(is.na(rows$weight), "",
                             paste0(format_pct(rows$weight, 1), "%"))
  rows
}

heterogeneity_text <- function(x) {
  if (x$k < 2) return("Heterogeneity: not estimable with 1 study")
  parts <- character()
  if (!is.na(x$i2)) parts <- c(parts, paste0("I^2 = ", format_pct(x$i2, 0), "%"))
  if (!is.na(x$tau2)) parts <- c(parts, paste0("tau^2 = ", formatC(x$tau2, format = "f", digits = 3)))
  h <- x$heterogeneity[!is.na(x$heterogeneity$statistic), ]
  if (nrow(h)) parts <- c(parts, paste0("p ", fmt_p(h$p_value[1])))
  paste0("Heterogeneity: ", paste(parts, collapse = ", "))
}

forest_xlim <- function(rows) {
  r <- range(c(rows$conf_low, rows$conf_high), na.rm = TRUE)
  lo <- floor(r[1] * 10) / 10
  hi <- ceiling(r[2] * 10) / 10
  if (hi - lo < 0.2) {
    lo <- max(0, lo - 0.1)
    hi <- min(1, hi + 0.1)
  }
  c(lo, hi)
}

#' Forest plot of pooled proportions
#'
#' Draws each study's proportion with its exact interval (squares sized by
#' the weights), the pooled proportions as diamonds, and the prediction
#' interval as a bar, with columns for the study labels, `x/n`, the
#' percentages and the weights; base graphics only.
#'
#' @param x A result of [pool_proportions()] or [pool_cases()].
#' @param common Draw the common-effect diamond too. Default `TRUE`.
#' @param prediction Draw the prediction interval (when there is one).
#'   Default `TRUE`.
#' @param xlim Limits of the proportion axis, within \[0, 1\]; default the
#'   intervals' range, rounded out to tenths.
#' @param digits Decimals of the percentages. Default 0.
#' @param col Colour of the squares, diamonds and bars. Default a dark
#'   blue.
#' @param main Title; default none.
#' @param xlab Axis label. Default `"Proportion (%)"`.
#' @param cex Text size. Default 0.9; lowered, down to 0.4, when the
#'   columns or the rows would not fit the device (smaller than that is an
#'   error that says to enlarge it).
#' @param ... Not used; an argument given here is an error naming it.
#' @returns Invisibly, the rows drawn: a data frame of `type`, `label`,
#'   `xn`, `estimate`, `conf_low`, `conf_high`, `weight`, `text`,
#'   `weight_text`.
#' @family pooling
#' @export
#' @examples
#' series <- subset(nsarc_series, outcome == "improved")
#' fit <- pool_proportions(events, total, study, data = series)
#' plot(fit)
plot.pool_prop <- function(x, common = TRUE, prediction = TRUE, xlim = NULL,
                           digits = 0, col = "#1b6ca8", main = NULL,
                           xlab = "Proportion (%)", cex = 0.9, ...) {
  check_dots("plot", ..., hints = c(conf.int = "use `conf_level` in pool_proportions()"))
  for (arg in c("common", "prediction")) {
    v <- get(arg)
    if (!is.logical(v) || length(v) != 1 || is.na(v)) {
      cp_abort("`", arg, "` must be TRUE or FALSE, not ", describe(v), ".")
    }
  }
  check_whole(digits, "digits", 0, 10)
  rows <- forest_rows(x, common, prediction, digits)
  if (is.null(xlim)) {
    xlim <- forest_xlim(rows)
  } else if (!is.numeric(xlim) || length(xlim) != 2 || anyNA(xlim) ||
             xlim[1] < 0 || xlim[2] > 1 || xlim[1] >= xlim[2]) {
    cp_abort("`xlim` must be two increasing numbers within [0, 1], not ",
             describe(xlim), ".")
  }
  level <- format_pct(x$conf_level, 0)
  head <- c("Study", "Events/n", paste0("% (", level, "% CI)"), "Weight")
  foot <- heterogeneity_text(x)

  old <- graphics::par(mar = c(4, 0.5, if (is.null(main)) 0.5 else 2.5, 0.5))
  on.exit(graphics::par(old), add = TRUE)
  graphics::plot.new()
  W <- graphics::par("pin")[1]
  k <- x$k
  n_rows <- nrow(rows) + 3 # header, gap before the pooled rows, footer
  graphics::plot.window(xlim = c(0, W), ylim = c(0.5, n_rows + 0.5),
                        xaxs = "i", yaxs = "i")
  # column widths in inches at a text size: the texts scale with it
  widths <- function(cex) {
    w <- function(s, font = 1) {
      max(graphics::strwidth(s, units = "inches", cex = cex, font = font))
    }
    st <- rows$type == "study"
    c(gap = w("MM"),
      lab = max(w(rows$label[st]), w(rows$label[!st], 2), w(head[1], 2)),
      xn = max(w(rows$xn), w(head[2], 2)),
      txt = max(w(rows$text), w(head[3], 2)),
      wt = max(w(rows$weight_text), w(head[4], 2)))
  }
  row_in <- graphics::par("pin")[2] / n_rows
  need <- function(w) sum(w[-1]) + 5 * w[["gap"]]
  # the text shrinks until the columns leave room for the intervals and
  # the rows do not overlap
  min_data <- max(1.2, 0.25 * W)
  line_in <- graphics::strheight("Mg", units = "inches", cex = cex)
  fit_cex <- min(cex, cex * (W - min_data) / need(widths(cex)),
                 cex * row_in / (1.25 * line_in))
  if (fit_cex < 0.4) {
    cp_abort("The device is too small for a forest plot of ", k, " stud",
             if (k == 1) "y" else "ies", " (", round(W, 1), " x ",
             round(graphics::par("pin")[2], 1), " inches of plot region): ",
             "make it wider or taller.")
  }
  cex <- fit_cex
  w <- widths(cex)
  gap <- w[["gap"]]
  w_lab <- w[["lab"]]
  w_xn <- w[["xn"]]
  w_txt <- w[["txt"]]
  w_wt <- w[["wt"]]
  left <- gap / 2 + w_lab + gap + w_xn + gap
  right <- gap + w_txt + gap + w_wt + gap / 2
  data_w <- W - left - right
  to_x <- function(p) left + (pmin(pmax(p, xlim[1]), xlim[2]) - xlim[1]) / diff(xlim) * data_w

  y_head <- n_rows
  y <- numeric(nrow(rows))
  y[rows$type == "study"] <- n_rows - seq_len(k)
  pooled_rows <- which(rows$type != "study")
  y[pooled_rows] <- n_rows - k - 1 - seq_along(pooled_rows)
  y_foot <- 1

  # columns
  x_lab <- gap / 2
  x_xn <- x_lab + w_lab + gap + w_xn
  x_txt <- left + data_w + gap + w_txt
  x_wt <- x_txt + gap + w_wt
  at <- c(x_lab, x_xn, x_txt, x_wt)
  for (j in 1:4) {
    graphics::text(at[j], y_head, head[j], adj = if (j == 1) 0 else 1, font = 2,
                   cex = cex, xpd = NA)
  }
  graphics::text(x_lab, y, rows$label, adj = 0, cex = cex,
                 font = ifelse(rows$type == "study", 1, 2), xpd = NA)
  graphics::text(x_xn, y, rows$xn, adj = 1, cex = cex, xpd = NA)
  graphics::text(x_txt, y, rows$text, adj = 1, cex = cex, xpd = NA)
  graphics::text(x_wt, y, rows$weight_text, adj = 1, cex = cex, xpd = NA)
  graphics::text(x_lab, y_foot, foot, adj = 0, cex = cex * 0.9, xpd = NA)

  # reference line at the random-effects estimate
  re <- rows$estimate[rows$type == "random"]
  graphics::segments(to_x(re), y_foot + 0.5, to_x(re), y_head - 0.5,
                     lty = 2, col = "grey50")
  # studies
  st <- rows$type == "study"
  graphics::segments(to_x(rows$conf_low[st]), y[st], to_x(rows$conf_high[st]), y[st])
  w <- rows$weight[st]
  half_in <- 0.03 + 0.07 * sqrt(w / max(w, na.rm = TRUE))
  half_in[is.na(half_in)] <- 0.03
  half_in <- pmin(half_in, 0.4 * row_in)
  est <- rows$estimate[st]
  graphics::rect(to_x(est) - half_in, y[st] - half_in / row_in,
                 to_x(est) + half_in, y[st] + half_in / row_in, col = col, border = col)
  # clipped intervals end in an arrow head
  for (side in c("conf_low", "conf_high")) {
    out <- st & (rows[[side]] < xlim[1] | rows[[side]] > xlim[2])
    if (any(out)) {
      graphics::arrows(to_x(rows$estimate[out]), y[out], to_x(rows[[side]][out]), y[out],
                       length = 0.05)
    }
  }
  # pooled diamonds
  h <- 0.3
  for (i in which(rows$type %in% c("random", "common"))) {
    graphics::polygon(to_x(c(rows$conf_low[i], rows$estimate[i], rows$conf_high[i],
                             rows$estimate[i])),
                      y[i] + c(0, h, 0, -h),
                      col = if (rows$type[i] == "random") col else "white",
                      border = col)
  }
  for (i in which(rows$type == "prediction")) {
    graphics::rect(to_x(rows$conf_low[i]), y[i] - 0.12, to_x(rows$conf_high[i]),
                   y[i] + 0.12, col = alpha_colour(col, 0.35), border = col)
  }
  # axis
  # about one labelled tick per 0.6 inch of axis, so that none is dropped
  ticks <- pretty(xlim, n = max(2, min(5, floor(data_w / (0.6 * cex / 0.9)))))
  ticks <- ticks[ticks >= xlim[1] - 1e-9 & ticks <= xlim[2] + 1e-9]
  graphics::axis(1, at = to_x(ticks), labels = format_pct(ticks, 0), pos = 0.5,
                 cex.axis = cex)
  graphics::segments(to_x(xlim[1]), 0.5, to_x(xlim[2]), 0.5)
  graphics::mtext(xlab, side = 1, line = 2.5, at = left + data_w / 2, cex = cex)
  if (!is.null(main)) graphics::title(main = main)
  invisible(rows)
}

#' Forest plot of pooled proportions with ggplot2
#'
#' The forest plot of [plot.pool_prop()] as a ggplot: studies with their
#' exact intervals (point size by weight), pooled diamonds and the
#' prediction interval, labelled with `x/n`; the heterogeneity in the
#' caption. Needs the ggplot2 package.
#'
#' @param object A result of [pool_proportions()] or [pool_cases()].
#' @inheritParams plot.pool_prop
#' @returns A ggplot object.
#' @family pooling
#' @exportS3Method ggplot2::autoplot
#' @examples
#' if (requireNamespace("ggplot2", quietly = TRUE)) {
#'   fit <- pool_proportions(c(51, 14, 16), c(66, 28, 18),
#'                           c("gelfand2017", "fritz2020", "jneurol2017"))
#'   ggplot2::autoplot(fit)
#' }
autoplot.pool_prop <- function(object, common = TRUE, prediction = TRUE,
                               digits = 0, col = "#1b6ca8", ...) {
  check_dots("autoplot", ..., hints = autoplot_hints)
  if (!requireNamespace("ggplot2", quietly = TRUE)) {
    cp_abort("autoplot() needs the ggplot2 package; install it, or use plot().")
  }
  rows <- forest_rows(object, common, prediction, digits)
  rows$row <- rev(seq_len(nrow(rows)))
  rows$name <- ifelse(rows$xn == "", rows$label, paste0(rows$label, " (", rows$xn, ")"))
  st <- rows[rows$type == "study", ]
  dia <- rows[rows$type %in% c("random", "common"), ]
  poly <- do.call(rbind, lapply(seq_len(nrow(dia)), function(i) {
    data.frame(type = dia$type[i], id = i,
               x = c(dia$conf_low[i], dia$estimate[i], dia$conf_high[i], dia$estimate[i]),
               y = dia$row[i] + c(0, 0.3, 0, -0.3), stringsAsFactors = FALSE)
  }))
  pin <- rows[rows$type == "prediction", ]
  .data <- ggplot2::.data
  g <- ggplot2::ggplot() +
    ggplot2::geom_vline(xintercept = rows$estimate[rows$type == "random"],
                        linetype = 2, colour = "grey50") +
    ggplot2::geom_errorbarh(data = st, ggplot2::aes(xmin = .data$conf_low,
                                                    xmax = .data$conf_high,
                                                    y = .data$row), height = 0) +
    ggplot2::geom_point(data = st, ggplot2::aes(x = .data$estimate, y = .data$row,
                                                size = .data$weight),
                        shape = 15, colour = col) +
    ggplot2::geom_polygon(data = poly, ggplot2::aes(x = .data$x, y = .data$y,
                                                    group = .data$id,
                                                    fill = .data$type),
                          colour = col, show.legend = FALSE) +
    ggplot2::scale_fill_manual(values = c(random = col, common = "white")) +
    ggplot2::scale_size_area(max_size = 5, guide = "none") +
    ggplot2::scale_y_continuous(breaks = rows$row, labels = rows$name,
                                expand = ggplot2::expansion(add = 0.6)) +
    ggplot2::scale_x_continuous(labels = function(p) paste0(format_pct(p, 0), "%")) +
    ggplot2::labs(x = "Proportion", y = NULL, caption = heterogeneity_text(object)) +
    ggplot2::theme_minimal() +
    ggplot2::theme(panel.grid.minor = ggplot2::element_blank(),
                   panel.grid.major.y = ggplot2::element_blank())
  if (nrow(pin)) {
    g <- g + ggplot2::geom_rect(data = pin,
                                ggplot2::aes(xmin = .data$conf_low, xmax = .data$conf_high,
                                             ymin = .data$row - 0.12, ymax = .data$row + 0.12),
                                fill = alpha_colour(col, 0.35), colour = col)
  }
  g
}
