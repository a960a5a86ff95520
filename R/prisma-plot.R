# The PRISMA 2020 flow diagram in base graphics.  The layout is computed in
# inches (the plot region's user coordinates are set to inches), so that
# the text is wrapped to the boxes as the device will draw it, and the font
# is made smaller, down to a floor, until the diagram fits; a device too
# small even then is an error that says what it needs.

#' Draw the PRISMA 2020 flow diagram
#'
#' Draws the flow diagram of a new systematic review (PRISMA 2020): the
#' identification of studies via databases and registers (and, when given,
#' via other methods) across the top, records screened, reports sought,
#' assessed and included down the page, and the exclusions to the right,
#' with the phases (identification, screening, included) in bars on the
#' left. Text is wrapped to the boxes, and the font size chosen (at most
#' `cex`) so that the diagram fits the device: it is made for a figure 7
#' inches wide (a journal's full width), about 7 to 8 inches high.
#'
#' @param x A flow from [prisma_flow()].
#' @param cex The largest text size, relative to the device's font
#'   (default 0.75, about 9 points on a 12-point device); it shrinks to no
#'   less than 0.5 to fit.
#' @param col Fills of the header boxes and of the phase bars.
#' @param ... Not used.
#' @returns Invisibly, the layout: a data frame with one row per box (`id`,
#'   `x0`, `x1`, `y0`, `y1` in inches from the plot region's lower left
#'   corner, and the wrapped `lines` of text), with the text size used in
#'   attribute `cex` and the plot region's size in inches in `pin`.
#' @family appraisal
#' @family plots
#' @export
#' @examples
#' flow <- prisma_flow(databases = c(MEDLINE = 212, Embase = 301), duplicates = 158,
#'                     records_excluded = 290, not_retrieved = 2,
#'                     excluded = c("No individual case data" = 27,
#'                                  "Not the drug" = 12),
#'                     cases = nsarc_cases)
#' plot(flow)
plot.prisma_flow <- function(x, cex = 0.75, col = c("#f5d78e", "#a8c8e8"), ...) {
  check_dots("plot", ...)
  check_scalar_number(cex, "cex", 0, 5)
  check_plot_args(col, NULL, NULL)
  col <- rep_len(col, 2)
  old <- graphics::par(mar = c(0.05, 0.05, 0.05, 0.05), xpd = NA)
  on.exit(graphics::par(old), add = TRUE)
  pin <- graphics::par("pin")
  plot_frame(xlim = c(0, pin[1]), ylim = c(0, pin[2]), axes = FALSE, xlab = "", ylab = "",
             xaxs = "i", yaxs = "i")
  texts <- prisma_box_text(x)
  size <- cex
  repeat {
    lay <- prisma_layout(x, texts, pin, size)
    if (lay$fits || size <= 0.5) break
    size <- max(0.5, size - 0.05)
  }
  if (!lay$fits) {
    cp_abort("The flow diagram does not fit the graphics device (",
             paste(round(grDevices::dev.size("in"), 1), collapse = " x "), " inches): ",
             lay$why, " Draw it at least 6 inches wide and ",
             ceiling(lay$needed * 2) / 2 + 0.5, " inches high (`fig.width`, ",
             "`fig.height` in R Markdown).", class = "casepool_error_device")
  }
  draw_prisma(lay, col)
  out <- lay$boxes
  attr(out, "cex") <- size
  attr(out, "pin") <- pin
  invisible(out)
}

# The lines of text of each box, before wrapping.
prisma_box_text <- function(x) {
  b <- x$boxes
  get <- function(id) b[b$id == id, ]
  simple <- function(id) {
    r <- get(id)
    c(r$box, paste0("(n = ", r$n, ")"))
  }
  listed <- function(id, head) {
    r <- get(id)
    d <- r$detail[[1]]
    if (length(d)) c(head, d) else c(r$box, paste0("(n = ", r$n, ")"))
  }
  inc <- get("included")
  out <- list(
    identified = listed("identified", "Records identified from:"),
    removed = c("Records removed before screening:", get("removed")$detail[[1]]),
    screened = simple("screened"),
    records_excluded = simple("records_excluded"),
    sought = simple("sought"),
    not_retrieved = simple("not_retrieved"),
    assessed = simple("assessed"),
    excluded = listed("excluded", "Reports excluded:"),
    included = c(paste0("Studies included in review (n = ", inc$n, ")"), inc$detail[[1]])
  )
  if ("other_identified" %in% b$id) {
    out <- c(out, list(
      other_identified = listed("other_identified", "Records identified from:"),
      other_sought = simple("other_sought"),
      other_not_retrieved = simple("other_not_retrieved"),
      other_assessed = simple("other_assessed"),
      other_excluded = listed("other_excluded", "Reports excluded:")
    ))
  }
  out
}

# Greedy word wrap of each line to `width` inches at `cex` (and `font`),
# keeping "(n = 12)" on one line; NULL when a word is wider than the box.
wrap_lines <- function(lines, width, cex, font = 1) {
  fits <- function(s) graphics::strwidth(s, units = "inches", cex = cex, font = font) <= width
  out <- character()
  for (line in lines) {
    words <- regmatches(line, gregexpr("\\(n = [0-9]+\\)|[^ ]+", line))[[1]]
    cur <- ""
    for (w in words) {
      try_line <- if (nzchar(cur)) paste(cur, w) else w
      if (fits(try_line)) {
        cur <- try_line
      } else {
        if (!nzchar(cur) || !fits(w)) return(NULL)
        out <- c(out, cur)
        cur <- w
      }
    }
    out <- c(out, cur)
  }
  out
}

# Box positions in inches for text size `cex` on a plot region of `pin`
# inches: list(boxes, headers, bands, arrows, fits, why, needed).
prisma_layout <- function(x, texts, pin, cex) {
  W <- pin[1]
  H <- pin[2]
  other <- "other_identified" %in% names(texts)
  band <- 0.3
  hgap <- 0.14
  pad <- 0.06
  lh <- 1.12 * cex * graphics::par("cin")[2] * 0.85
  x0 <- band + hgap
  if (other) {
    bw <- (W - x0 - 3.5 * hgap - 0.02) / 4
    lefts <- x0 + c(0, bw + hgap, 2 * bw + 2.5 * hgap, 3 * bw + 3.5 * hgap)
  } else {
    bw <- min((W - x0 - hgap - 0.02) / 2, 3)
    lefts <- x0 + c(0, bw + hgap)
  }
  fail <- function(why, needed = H) list(fits = FALSE, why = why, needed = needed)
  if (bw < 0.8) return(fail(paste0("its boxes would be ", round(bw, 2), " inches wide.")))
  inner <- bw - 2 * pad
  col_of <- c(identified = 1, removed = 2, screened = 1, records_excluded = 2, sought = 1,
              not_retrieved = 2, assessed = 1, excluded = 2, included = 1,
              other_identified = 3, other_sought = 3, other_not_retrieved = 4,
              other_assessed = 3, other_excluded = 4)
  row_of <- c(identified = 1, removed = 1, other_identified = 1, screened = 2,
              records_excluded = 2, sought = 3, not_retrieved = 3, other_sought = 3,
              other_not_retrieved = 3, assessed = 4, excluded = 4, other_assessed = 4,
              other_excluded = 4, included = 5)
  ids <- names(texts)
  wrapped <- lapply(texts, wrap_lines, width = inner, cex = cex)
  if (any(vapply(wrapped, is.null, TRUE))) {
    return(fail("a word is wider than its box."))
  }
  heights <- vapply(wrapped, length, 1L) * lh + 2 * pad
  row_h <- vapply(1:5, function(r) max(heights[row_of[ids] == r]), 0)
  # the phase bars hold their labels, written upwards
  label_h <- function(s) graphics::strwidth(s, units = "inches", cex = cex * 1.05, font = 2) + 0.12
  row_h[1] <- max(row_h[1], label_h("Identification"))
  row_h[5] <- max(row_h[5], label_h("Included"))
  headers <- c("Identification of studies via databases and registers",
               if (other) "Identification of studies via other methods")
  head_w <- 2 * bw + hgap
  head_lines <- lapply(headers, wrap_lines, width = head_w - 2 * pad, cex = cex * 1.05,
                       font = 2)
  if (any(vapply(head_lines, is.null, TRUE))) return(fail("a header is wider than its box."))
  head_h <- max(vapply(head_lines, length, 1L)) * lh * 1.05 + 2 * pad
  min_gap <- 0.22
  needed <- 0.05 + head_h + min_gap + sum(row_h) + 4 * min_gap + 0.05
  if (needed > H) {
    return(fail(paste0("it needs ", round(needed, 1), " inches of height."), needed))
  }
  vgap <- min(0.45, min_gap + (H - needed) / 5)
  top <- H - 0.05 - max(0, (H - needed - 5 * (vgap - min_gap)) / 2)
  head_y1 <- top
  head_y0 <- top - head_h
  row_top <- head_y0 - vgap - c(0, cumsum(row_h[1:4] + vgap))
  row_mid <- row_top - row_h / 2
  boxes <- data.frame(id = ids, x0 = lefts[col_of[ids]], x1 = lefts[col_of[ids]] + bw,
                      y0 = row_mid[row_of[ids]] - heights / 2,
                      y1 = row_mid[row_of[ids]] + heights / 2, stringsAsFactors = FALSE)
  boxes$lines <- I(unname(wrapped))
  hb <- data.frame(x0 = lefts[c(1, if (other) 3)], x1 = lefts[c(1, if (other) 3)] + head_w,
                   y0 = head_y0, y1 = head_y1)
  hb$lines <- I(head_lines)
  bands <- data.frame(label = c("Identification", "Screening", "Included"),
                      y0 = c(row_top[1] - row_h[1], row_top[4] - row_h[4], row_top[5] - row_h[5]),
                      y1 = c(row_top[1], row_top[2], row_top[5]))
  list(fits = TRUE, boxes = boxes, headers = hb, bands = bands, band = band, cex = cex,
       lh = lh, pad = pad, other = other, row_mid = row_mid, needed = needed)
}

draw_prisma <- function(lay, col) {
  b <- lay$boxes
  cex <- lay$cex
  at <- function(id) b[b$id == id, ]
  text_in <- function(r, lines, cex, font = 1, centre = FALSE) {
    n <- length(lines)
    ys <- (r$y0 + r$y1) / 2 + (rev(seq_len(n)) - (n + 1) / 2) * lay$lh
    if (centre) {
      graphics::text((r$x0 + r$x1) / 2, ys, lines, cex = cex, font = font)
    } else {
      graphics::text(r$x0 + lay$pad, ys, lines, adj = c(0, 0.5), cex = cex, font = font)
    }
  }
  # header boxes and phase bars
  h <- lay$headers
  for (i in seq_len(nrow(h))) {
    graphics::rect(h$x0[i], h$y0[i], h$x1[i], h$y1[i], col = col[1], border = "grey25")
    text_in(h[i, ], h$lines[[i]], cex * 1.05, font = 2, centre = TRUE)
  }
  bd <- lay$bands
  graphics::rect(0.02, bd$y0, lay$band, bd$y1, col = col[2], border = "grey25")
  graphics::text((0.02 + lay$band) / 2, (bd$y0 + bd$y1) / 2, bd$label, srt = 90, font = 2,
                 cex = cex * 1.05)
  # boxes
  graphics::rect(b$x0, b$y0, b$x1, b$y1, col = "white", border = "grey25")
  for (i in seq_len(nrow(b))) text_in(b[i, ], b$lines[[i]], cex)
  # arrows
  len <- 0.07
  down <- function(from, to) {
    f <- at(from)
    t <- at(to)
    x <- (f$x0 + f$x1) / 2
    graphics::arrows(x, f$y0, x, t$y1, length = len)
  }
  right <- function(from, to) {
    f <- at(from)
    t <- at(to)
    y <- (t$y0 + t$y1) / 2
    graphics::arrows(f$x1, y, t$x0, y, length = len)
  }
  down("identified", "screened")
  right("identified", "removed")
  down("screened", "sought")
  right("screened", "records_excluded")
  down("sought", "assessed")
  right("sought", "not_retrieved")
  down("assessed", "included")
  right("assessed", "excluded")
  if (lay$other) {
    down("other_identified", "other_sought")
    right("other_sought", "other_not_retrieved")
    down("other_sought", "other_assessed")
    right("other_assessed", "other_excluded")
    f <- at("other_assessed")
    t <- at("included")
    x <- (f$x0 + f$x1) / 2
    y <- (t$y0 + t$y1) / 2
    graphics::segments(x, f$y0, x, y)
    graphics::arrows(x, y, t$x1, y, length = len)
  }
  invisible()
}
