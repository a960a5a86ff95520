# The appraisal as tables and figures: the summary per item, tidy and
# glance, a traffic-light plot (reports x items) and a summary bar plot,
# in base graphics and for ggplot2, and knitr tables.

answer_colours <- c(yes = "#2e933c", no = "#d1495b", unclear = "#edae49",
                    "not applicable" = "grey80")
quality_colours <- c(good = "#2e933c", fair = "#edae49", poor = "#d1495b")
answer_glyphs <- c(yes = "+", no = "-", unclear = "?", "not applicable" = "")

#' Summarise an appraisal per item
#'
#' `summary()` counts, for each item, the reports answered yes, no,
#' unclear and not applicable, and the share of yes among the reports to
#' which the item applied; and the overall judgements. `tidy()` gives the
#' appraisal in long form (one row per report and item), `glance()` one
#' line.
#'
#' @param object,x An appraisal from [appraise()].
#' @param ... Not used.
#' @returns `summary()`: a data frame of class `"appraisal_summary"`, one
#'   row per item: `item`, `domain`, `label`, `critical`, `yes`, `no`,
#'   `unclear`, `not_applicable`, `n` (reports), `prop_yes` (yes of the
#'   reports to which it applied), with the counts of the overall
#'   judgements in attribute `overall`. `tidy()`: `report`, `item`,
#'   `label`, `answer`, `overall`. `glance()`: `nobs` (reports), `tool`,
#'   `items`, `good`, `fair`, `poor`, `not.judged`, `by.reviewer`.
#' @family appraisal
#' @export
#' @examples
#' appr <- appraise(nsarc_appraisal)
#' summary(appr)
#' head(tidy(appr))
#' glance(appr)
summary.appraisal <- function(object, ...) {
  items <- appraisal_attr(object, "items")
  count <- function(q, a) sum(object[[q]] %in% a)
  out <- data.frame(item = items$item, domain = items$domain, label = items$label,
                    critical = items$critical, stringsAsFactors = FALSE)
  for (a in appraisal_answers) {
    out[[gsub(" ", "_", a)]] <- vapply(items$item, count, 1L, a = a, USE.NAMES = FALSE)
  }
  out$n <- nrow(object)
  app <- out$n - out$not_applicable
  out$prop_yes <- ifelse(app > 0, out$yes / app, NA_real_)
  overall <- table(factor(object$overall, levels = quality_levels), useNA = "always")
  names(overall)[4] <- "not judged"
  structure(out, class = c("appraisal_summary", "data.frame"),
            overall = c(overall), tool = attr(object, "tool"))
}

#' @export
format.appraisal_summary <- function(x, ...) {
  data.frame(item = paste0(x$item, if (any(x$critical)) ifelse(x$critical, "*", "")),
             label = x$label, yes = x$yes, no = x$no, unclear = x$unclear,
             `n/a` = x$not_applicable,
             `% yes` = ifelse(is.na(x$prop_yes), "-", format_pct(x$prop_yes, 0)),
             check.names = FALSE, stringsAsFactors = FALSE)
}

#' @export
print.appraisal_summary <- function(x, ...) {
  tool <- attr(x, "tool") %||% "murad"
  n <- if (nrow(x)) x$n[1] else 0
  cat("<appraisal_summary> ", n, " report", if (n != 1) "s", ", ",
      appraisal_tools[[tool]]$name, "\n", sep = "")
  print(format(x), row.names = FALSE, right = FALSE)
  o <- attr(x, "overall")
  cat("# % yes: of the reports to which the item applied; * critical item\n")
  cat("# overall: ", paste(o, names(o), collapse = ", "), "\n", sep = "")
  invisible(x)
}

#' @export
as.data.frame.appraisal_summary <- function(x, ...) {
  attr(x, "overall") <- NULL
  attr(x, "tool") <- NULL
  class(x) <- "data.frame"
  x
}

#' @rdname summary.appraisal
#' @export
tidy.appraisal <- function(x, ...) {
  check_dots("tidy", ..., hints = tidy_hints)
  items <- appraisal_attr(x, "items")
  n <- nrow(x)
  data.frame(report = rep(x$report, times = nrow(items)),
             item = rep(items$item, each = n), label = rep(items$label, each = n),
             answer = unlist(lapply(items$item, function(q) as.character(x[[q]])),
                             use.names = FALSE),
             overall = rep(as.character(x$overall), times = nrow(items)),
             stringsAsFactors = FALSE)
}

#' @rdname summary.appraisal
#' @export
glance.appraisal <- function(x, ...) {
  check_dots("glance", ..., hints = tidy_hints)
  o <- table(factor(x$overall, levels = quality_levels))
  data.frame(nobs = nrow(x), tool = appraisal_attr(x, "tool"),
             items = nrow(appraisal_attr(x, "items")), good = o[["good"]],
             fair = o[["fair"]], poor = o[["poor"]], not.judged = sum(is.na(x$overall)),
             by.reviewer = sum(x$overall_source == "reviewer"), stringsAsFactors = FALSE)
}

# The traffic-light grid as a long data frame: one row per report and
# column (the items, then "overall"), with its fill and glyph.
traffic_data <- function(x) {
  items <- appraisal_attr(x, "items")
  n <- nrow(x)
  K <- nrow(items)
  ans <- unlist(lapply(items$item, function(q) as.character(x[[q]])), use.names = FALSE)
  overall <- as.character(x$overall)
  data.frame(
    report = factor(rep(x$report, K + 1), levels = rev(x$report)),
    row = rep(rev(seq_len(n)), K + 1),
    column = factor(rep(c(toupper(items$item), "Overall"), each = n),
                    levels = c(toupper(items$item), "Overall")),
    x = rep(c(seq_len(K), K + 1.6), each = n),
    value = c(ans, ifelse(is.na(overall), "not judged", overall)),
    fill = c(unname(answer_colours[ans]),
             ifelse(is.na(overall), "white", unname(quality_colours[overall]))),
    glyph = c(unname(answer_glyphs[ans]),
              ifelse(is.na(overall), "-", toupper(substr(overall, 1, 1)))),
    stringsAsFactors = FALSE)
}

# The summary bars as a long data frame: per item (and overall), the share
# of reports with each answer (judgement).
summary_data <- function(x) {
  items <- appraisal_attr(x, "items")
  n <- nrow(x)
  rows <- lapply(seq_len(nrow(items)), function(i) {
    a <- factor(x[[items$item[i]]], levels = appraisal_answers)
    cnt <- as.vector(table(a))
    data.frame(label = paste0(toupper(items$item[i]), " ", items$label[i]),
               value = appraisal_answers, count = cnt, share = cnt / max(n, 1),
               stringsAsFactors = FALSE)
  })
  o <- factor(ifelse(is.na(x$overall), "not judged", as.character(x$overall)),
              levels = c(quality_levels, "not judged"))
  cnt <- as.vector(table(o))
  rows <- c(rows, list(data.frame(label = "Overall", value = levels(o), count = cnt,
                                  share = cnt / max(n, 1), stringsAsFactors = FALSE)))
  out <- do.call(rbind, rows)
  out$label <- factor(out$label, levels = rev(unique(out$label)))
  out$value <- factor(out$value, levels = c(appraisal_answers, quality_levels, "not judged"))
  out
}

all_colours <- c(answer_colours, quality_colours, "not judged" = "white")

# Text on a fill: white on green and red, dark on amber, grey and white.
glyph_colour <- function(fill) {
  ifelse(fill %in% c(answer_colours[c("yes", "no")], quality_colours[c("good", "poor")]),
         "white", "grey15")
}

#' Plot an appraisal: traffic lights or summary bars
#'
#' `type = "traffic"` draws one row per report and one column per item, a
#' coloured circle for each answer (green yes `+`, red no `-`, amber unclear
#' `?`, grey not applicable), and a last column with the overall judgement
#' (G, F, P). `type = "summary"` draws, for each item, one bar split by the
#' share of reports answered yes, no, unclear and not applicable, and a
#' last bar with the overall judgements. The symbols carry the answer
#' without colour.
#'
#' @param x An appraisal from [appraise()].
#' @param type `"traffic"` (default) or `"summary"`.
#' @param main Title.
#' @param ... Not used.
#' @returns Invisibly, the plotted data: for `"traffic"`, one row per report
#'   and column with `report`, `row`, `column`, `x`, `value`, `fill`,
#'   `glyph`; for `"summary"`, one row per bar and answer with `label`,
#'   `value`, `count`, `share`.
#' @family appraisal
#' @family plots
#' @export
#' @examples
#' appr <- appraise(nsarc_appraisal)
#' plot(appr)
#' plot(appr, type = "summary")
plot.appraisal <- function(x, type = c("traffic", "summary"), main = NULL, ...) {
  check_dots("plot", ...)
  type <- arg_choice(type)
  check_plot_args(NULL, NULL, NULL, list(main = main))
  if (!nrow(x)) cp_abort("The appraisal has no reports to draw.")
  if (type == "traffic") draw_traffic(x, main) else draw_summary_bars(x, main)
}

draw_traffic <- function(x, main) {
  items <- appraisal_attr(x, "items")
  d <- traffic_data(x)
  n <- nrow(x)
  K <- nrow(items)
  small <- n > 30
  cex_lab <- if (n > 60) 0.55 else if (small) 0.65 else 0.8
  key <- paste0(toupper(items$item), " ", items$label)
  key_rows <- ceiling(K / 2)
  left <- max(graphics::strwidth(x$report, units = "inches", cex = cex_lab)) /
    graphics::par("csi") + 1
  old <- graphics::par(mar = c(key_rows * 0.9 + 2.6, max(left, 2), if (is.null(main)) 2 else 3.5, 1),
                       xpd = NA)
  on.exit(graphics::par(old), add = TRUE)
  plot_frame(xlim = c(0.5, K + 2.1), ylim = c(0.5, n + 0.5), axes = FALSE, xlab = "",
             ylab = "", main = main, xaxs = "i", yaxs = "i")
  # circle size: most of a cell, in inches, then as points' cex
  pin <- graphics::par("pin")
  cell <- min(pin[1] / (K + 1.6), pin[2] / n)
  if (cell < 0.09) {
    size <- round(grDevices::dev.size("in"), 1)
    cp_abort("The plot does not fit the graphics device (", size[1], " x ", size[2],
             " inches): ", n, " reports need a device at least ",
             ceiling((size[2] - pin[2] + 0.1 * n) * 2) / 2, " inches high (",
             "`fig.height` in R Markdown).", class = "casepool_error_device")
  }
  diam <- min(0.8 * cell, 0.3)
  # pch 21 is a circle of diameter 0.375 character heights (cin) times cex
  cex_pt <- diam / (0.375 * graphics::par("cin")[2]) / graphics::par("cex")
  # row guides inside the grid only (xpd is NA for the margin text)
  graphics::segments(0.5, seq_len(n), K + 2.1, seq_len(n), col = "grey92")
  graphics::points(d$x, d$row, pch = 21, bg = d$fill, col = "grey30", cex = cex_pt, lwd = 0.7)
  # glyphs about half the circle's height (text at cex 1 is ~0.7 cin high)
  glyph_cex <- 0.5 * diam / (0.7 * graphics::par("cin")[2]) / graphics::par("cex")
  graphics::text(d$x, d$row, d$glyph, cex = glyph_cex, font = 2, col = glyph_colour(d$fill))
  graphics::mtext(c(toupper(items$item), "Overall"), side = 3, at = c(seq_len(K), K + 1.6),
                  line = 0.3, cex = cex_lab, font = 2)
  graphics::mtext(x$report, side = 2, at = rev(seq_len(n)), las = 1, line = 0.4,
                  cex = cex_lab)
  # the legend and the item key below the grid, in lines of the margin
  legend_line <- 0.9
  labs <- c("yes (+)", "no (-)", "unclear (?)", "not applicable",
            "good (G)", "fair (F)", "poor (P)")
  fills <- c(answer_colours, quality_colours)
  usr <- graphics::par("usr")
  width <- usr[2] - usr[1]
  at <- usr[1] + width * c(0, 0.13, 0.25, 0.4, 0.6, 0.73, 0.86)
  y_leg <- graphics::grconvertY(graphics::grconvertY(usr[3], "user", "inches") -
                                  legend_line * graphics::par("csi"), "inches", "user")
  graphics::points(at, rep(y_leg, 7), pch = 21, bg = fills, col = "grey30", cex = 1.2)
  graphics::text(at + width * 0.018, rep(y_leg, 7), labs, adj = 0, cex = 0.7)
  half <- c(key[seq_len(key_rows)], key[-seq_len(key_rows)])
  col_of <- rep(1:2, c(key_rows, K - key_rows))
  line_of <- c(seq_len(key_rows), seq_len(K - key_rows))
  for (i in seq_along(half)) {
    graphics::mtext(half[i], side = 1, line = legend_line + 0.1 + 0.9 * line_of[i],
                    at = usr[1] + width * c(0, 0.5)[col_of[i]], adj = 0, cex = 0.7)
  }
  invisible(d)
}

draw_summary_bars <- function(x, main) {
  d <- summary_data(x)
  bars <- levels(d$label)
  nb <- length(bars)
  cex_lab <- 0.8
  left <- max(graphics::strwidth(bars, units = "inches", cex = cex_lab)) /
    graphics::par("csi") + 1
  old <- graphics::par(mar = c(3.6, left, if (is.null(main)) 3.2 else 4.5, 1.8), xpd = NA)
  on.exit(graphics::par(old), add = TRUE)
  plot_frame(xlim = c(0, 1), ylim = c(0.4, nb + 0.6), axes = FALSE, xlab = "",
             ylab = "", main = main, xaxs = "i", yaxs = "i")
  graphics::axis(1, at = seq(0, 1, 0.25), labels = paste0(seq(0, 100, 25), "%"),
                 cex.axis = 0.8, mgp = c(2, 0.6, 0), tcl = -0.35)
  graphics::mtext(paste0("Share of the ", nrow(x), " report", if (nrow(x) != 1) "s"),
                  side = 1, line = 2.1, cex = 0.8)
  for (b in seq_len(nb)) {
    s <- d[d$label == bars[b], ]
    right <- cumsum(s$share)
    left_x <- right - s$share
    graphics::rect(left_x, b - 0.35, right, b + 0.35, col = all_colours[as.character(s$value)],
                   border = "white")
    wide <- s$share >= 0.06
    graphics::text((left_x + right)[wide] / 2, rep(b, sum(wide)), s$count[wide], cex = 0.7,
                   col = glyph_colour(all_colours[as.character(s$value)[wide]]))
  }
  graphics::rect(0, seq_len(nb) - 0.35, 1, seq_len(nb) + 0.35, border = "grey60")
  graphics::mtext(bars, side = 2, at = seq_len(nb), las = 1, line = 0.4, cex = cex_lab)
  labs <- c("yes", "no", "unclear", "n/a", "good", "fair", "poor")
  fills <- c(answer_colours, quality_colours)
  graphics::legend(x = 0.5, y = graphics::grconvertY(1, "npc", "user"), legend = labs,
                   fill = fills, border = "grey40", horiz = TRUE, bty = "n", xjust = 0.5,
                   yjust = 0, cex = 0.72, x.intersp = 0.4, text.width = NA)
  invisible(d)
}

#' @rdname autoplot.appraisal
#' @title ggplot2 versions of the appraisal plots
#' @description `autoplot()` for an appraisal: the traffic-light plot or the
#'   summary bars of [plot.appraisal()], as a ggplot. Needs ggplot2, and is
#'   available once it is loaded.
#' @param object An appraisal from [appraise()].
#' @param type `"traffic"` (default) or `"summary"`.
#' @param ... Not used.
#' @returns A ggplot object.
#' @family appraisal
#' @family plots
#' @examplesIf requireNamespace("ggplot2", quietly = TRUE)
#' library(ggplot2)
#' appr <- appraise(nsarc_appraisal)
#' autoplot(appr)
#' autoplot(appr, type = "summary")
#' @exportS3Method ggplot2::autoplot
autoplot.appraisal <- function(object, type = c("traffic", "summary"), ...) {
  check_dots("autoplot", ..., hints = autoplot_hints)
  type <- arg_choice(type)
  if (!nrow(object)) cp_abort("The appraisal has no reports to draw.")
  values <- c(appraisal_answers, quality_levels, "not judged")
  fills <- all_colours[values]
  items <- appraisal_attr(object, "items")
  if (type == "traffic") {
    d <- traffic_data(object)
    shown <- values[values %in% d$value]
    d$value <- factor(d$value, levels = values)
    glyph_col <- glyph_colour(d$fill)
    # the item key as a caption, two items a line
    key <- paste0(toupper(items$item), " ", items$label)
    pairs <- split(key, ceiling(seq_along(key) / 2))
    caption <- paste(vapply(pairs, paste, "", collapse = "; "), collapse = "\n")
    return(ggplot2::ggplot(d, ggplot2::aes(x = .data$column, y = .data$report)) +
      ggplot2::geom_point(ggplot2::aes(fill = .data$value), shape = 21, size = 6,
                          colour = "grey30") +
      ggplot2::geom_text(ggplot2::aes(label = .data$glyph), colour = glyph_col,
                         fontface = "bold", size = 3.2) +
      ggplot2::scale_fill_manual(values = fills, breaks = shown, limits = values,
                                 name = NULL) +
      ggplot2::scale_x_discrete(position = "top") +
      ggplot2::labs(x = NULL, y = NULL, caption = caption) +
      ggplot2::theme_minimal() +
      ggplot2::theme(panel.grid.major.x = ggplot2::element_blank(),
                     plot.caption = ggplot2::element_text(hjust = 0),
                     plot.caption.position = "plot",
                     legend.position = "bottom"))
  }
  d <- summary_data(object)
  shown <- levels(d$value)[levels(d$value) %in% d$value[d$count > 0]]
  # counts on the bars wide enough to hold them, as in the base plot
  d$right <- stats::ave(d$share, d$label, FUN = cumsum)
  d$mid <- d$right - d$share / 2
  labelled <- d[d$share >= 0.06, , drop = FALSE]
  labelled$text_col <- glyph_colour(all_colours[as.character(labelled$value)])
  ggplot2::ggplot(d, ggplot2::aes(x = .data$share, y = .data$label, fill = .data$value)) +
    ggplot2::geom_col(colour = "white", width = 0.7,
                      position = ggplot2::position_stack(reverse = TRUE)) +
    ggplot2::geom_text(data = labelled,
                       ggplot2::aes(x = .data$mid, y = .data$label, label = .data$count),
                       colour = labelled$text_col, size = 3, inherit.aes = FALSE) +
    ggplot2::scale_fill_manual(values = fills, breaks = shown, limits = values, name = NULL) +
    ggplot2::scale_x_continuous(labels = percent_labels, expand = c(0, 0)) +
    ggplot2::labs(x = paste0("Share of the ", nrow(object), " report",
                             if (nrow(object) != 1) "s"), y = NULL) +
    ggplot2::theme_minimal() +
    ggplot2::theme(legend.position = "top",
                   plot.margin = ggplot2::margin(5.5, 16, 5.5, 5.5))
}

#' @rdname summary.appraisal
#' @exportS3Method knitr::knit_print
knit_print.appraisal <- function(x, ...) {
  tool <- appraisal_attr(x, "tool")
  items <- appraisal_attr(x, "items")
  tab <- format(x)
  names(tab)[-1] <- c(toupper(items$item), "overall", "yes")
  key <- paste0(toupper(items$item), " ", items$label, ifelse(items$critical, " (critical)", ""),
                collapse = "; ")
  caption <- paste0("Appraisal of ", nrow(x), " report", if (nrow(x) != 1) "s", " with the ",
                    appraisal_tools[[tool]]$name, ". Y yes, N no, ? unclear, n/a not ",
                    "applicable; * judged by the reviewer. ", key, ".")
  knit_tables(list(tab), caption, notes = appraisal_notes(x), row.names = FALSE)
}

# What print() adds below the table: judgements that differ from the rule's,
# and the case table's suggestions that differ from the answers.
appraisal_notes <- function(x) {
  differ <- which(x$overall_source == "reviewer" & !is.na(x$overall_rule) &
                    as.character(x$overall) != as.character(x$overall_rule))
  notes <- if (length(differ)) {
    paste0("The reviewer's judgement differs from the rule's in ",
           fmt_list(paste0(x$report[differ], " (rule: ", x$overall_rule[differ], ")"), max = 6), ".")
  }
  sug <- attr(x, "suggestions")
  if (!is.null(sug)) {
    d <- sug[!is.na(sug$answer) & sug$answer != sug$suggestion, , drop = FALSE]
    if (nrow(d)) {
      notes <- c(notes, paste0("The case table suggests other answers (not applied): ",
                               paste0(d$report, " ", d$item, " (", d$label, "), answered ",
                                      d$answer, ", suggested ", d$suggestion, ": ", d$reason,
                                      collapse = "; "), "."))
    }
  }
  notes
}

#' @rdname summary.appraisal
#' @exportS3Method knitr::knit_print
knit_print.appraisal_summary <- function(x, ...) {
  o <- attr(x, "overall")
  knit_tables(list(format(x)), paste0("Answers per item (% yes of the reports to which ",
                                       "it applied; * critical item)."),
              notes = paste0("Overall: ", paste(o, names(o), collapse = ", "), "."),
              row.names = FALSE)
}
