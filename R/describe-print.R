# Methods of Table 1 (describe_cases()): format, print, as.data.frame,
# knit_print, tidy and glance, and the sentences of describe_text().

#' @export
format.case_describe <- function(x, digits = 3, pct_digits = 0, ...) {
  check_digits(digits, 1)
  check_digits(pct_digits, 0)
  has_group <- "group" %in% names(x)
  groups <- if (has_group) levels(x$group) else "Overall"
  gk <- if (has_group) as.integer(x$group) else rep(1L, nrow(x))
  has_p <- "p_value" %in% names(x)
  n_by_group <- vapply(seq_along(groups), function(k) {
    v <- x$n[gk == k]
    if (length(v)) v[1] else attr(x, "n") %||% NA_real_
  }, 0)
  heads <- paste0(ifelse(is.na(groups), "NA", groups), " (n = ", n_by_group, ")")
  lines <- list()
  add <- function(label, cells, p = "") {
    lines[[length(lines) + 1L]] <<- c(label, cells, if (has_p) p)
  }
  cell <- function(rows, f) {
    out <- rep("", length(groups))
    out[gk[rows]] <- f(x[rows, , drop = FALSE])
    out
  }
  for (v in unique(x$variable)) {
    rows <- which(x$variable == v)
    first <- x[rows[1], ]
    p <- if (has_p) fmt_p_cell(first$p_value) else ""
    if (first$type == "number") {
      add(paste0(first$label, ", median (IQR)"),
          cell(rows, function(d) fmt_median(d, digits)), p)
      add("  range", cell(rows, function(d) fmt_range(d, digits)))
    } else if (first$type == "yes/no") {
      add(paste0(first$label, ": yes, n (%)"),
          cell(rows, function(d) fmt_count(d$count, d$prop, pct_digits)), p)
    } else {
      add(paste0(first$label, ", n (%)"), rep("", length(groups)), p)
      for (l in unique(x$level[rows])) {
        if (is.na(l)) next
        lr <- rows[x$level[rows] %in% l]
        add(paste0("  ", l), cell(lr, function(d) fmt_count(d$count, d$prop, pct_digits)))
      }
    }
    once <- rows[!duplicated(gk[rows])]
    add("  reported", cell(once, function(d) paste(d$n_reported, "of", d$n)))
  }
  m <- matrix(unlist(lines), ncol = length(lines[[1]] %||% 0), byrow = TRUE)
  out <- as.data.frame(m, stringsAsFactors = FALSE)
  names(out) <- c("characteristic", heads, if (has_p) "p")
  out
}

#' @export
print.case_describe <- function(x, digits = 3, pct_digits = 0, ...) {
  n_var <- length(unique(x$variable))
  by <- attr(x, "by")
  cat("<case_describe> ", attr(x, "n"), " case", if (!identical(attr(x, "n"), 1L)) "s",
      "; ", n_var, " characteristic", if (n_var != 1) "s", sep = "")
  if (!is.null(by)) cat(" by ", by, " (", nlevels(x$group) - 1L, " groups)", sep = "")
  cat("\n")
  if (nrow(x)) {
    tab <- format(x, digits = digits, pct_digits = pct_digits)
    w <- max(nchar(c(tab[[1]], names(tab)[1])))
    tab[[1]] <- formatC(tab[[1]], width = -w)
    names(tab)[1] <- formatC(names(tab)[1], width = -w)
    print(tab, row.names = FALSE, ...)
    cat("# %: of the cases that reported the item; IQR: quartiles (quantile type 7)\n")
    if ("p_value" %in% names(x)) {
      cat("# p: ", fmt_list(unique(stats::na.omit(x$test))), ", over the cases that",
          " reported the item and ", by, "\n", sep = "")
    }
  }
  skipped <- attr(x, "skipped")
  if (length(skipped)) {
    cat("# not described: ", paste0(names(skipped), " (", skipped, ")", collapse = ", "),
        "\n", sep = "")
  }
  invisible(x)
}

#' @export
as.data.frame.case_describe <- function(x, ...) {
  attr(x, "by") <- NULL
  attr(x, "n") <- NULL
  attr(x, "skipped") <- NULL
  class(x) <- "data.frame"
  x
}

#' @rdname knit_print.casepool
#' @exportS3Method knitr::knit_print
knit_print.case_describe <- function(x, ...) {
  tab <- format(x)
  # markdown drops leading spaces: indent with no-break spaces
  tab[[1]] <- sub("^  ", "\u00a0\u00a0\u00a0\u00a0", tab[[1]])
  knit_tables(list(tab), describe_caption(x), describe_notes(x), row.names = FALSE)
}

describe_caption <- function(x) {
  by <- attr(x, "by")
  paste0("Characteristics of the ", attr(x, "n"), " case",
         if (!identical(attr(x, "n"), 1L)) "s", if (!is.null(by)) paste0(" by ", by),
         ": n (%) of the cases that reported the item, median (IQR) and range; ",
         "reported: cases that reported the item, of all.")
}

describe_notes <- function(x) {
  c(if ("p_value" %in% names(x) && any(!is.na(x$test))) {
      paste0("p: ", fmt_list(unique(stats::na.omit(x$test))), ", over the cases that ",
             "reported the item and ", attr(x, "by"), ".")
    },
    if (length(attr(x, "skipped"))) {
      skipped <- attr(x, "skipped")
      paste0("Not described: ", paste0(names(skipped), " (", skipped, ")", collapse = ", "),
             ".")
    })
}

#' @rdname tidy.casepool
#' @export
tidy.case_describe <- function(x, ...) {
  check_dots("tidy", ..., hints = tidy_hints)
  d <- as.data.frame(x)
  out <- data.frame(variable = d$variable, label = d$label, type = d$type,
                    level = d$level, stringsAsFactors = FALSE)
  if ("group" %in% names(d)) out$group <- d$group
  out$estimate <- ifelse(d$type == "number", d$median, d$prop)
  out$count <- d$count
  out$q1 <- d$q1
  out$q3 <- d$q3
  out$min <- d$min
  out$max <- d$max
  out$n.reported <- d$n_reported
  out$n <- d$n
  if ("p_value" %in% names(d)) {
    out$p.value <- d$p_value
    out$method <- d$test
  }
  rownames(out) <- NULL
  out
}

#' @rdname tidy.casepool
#' @export
glance.case_describe <- function(x, ...) {
  check_dots("glance", ..., hints = tidy_hints)
  data.frame(nobs = attr(x, "n"), characteristics = length(unique(x$variable)),
             groups = if ("group" %in% names(x)) nlevels(x$group) - 1L else 1L,
             by = attr(x, "by") %||% NA_character_, stringsAsFactors = FALSE)
}

#' Case characteristics as sentences for inline R Markdown
#'
#' Writes rows of a table from [describe_cases()] as "median age 42 years
#' (IQR 35 to 51; reported in 30 of 34)" or "14 of 31 (45%; reported in 31
#' of 34)" (14 of the 31 cases that reported the item), for
#' `` `r describe_text(tab, "age", unit = "years")` `` in a manuscript.
#'
#' @param x A table from [describe_cases()].
#' @param variable `NULL` (default: every characteristic) or a character
#'   vector of columns to write.
#' @param level `NULL` (default: every level) or a character vector of
#'   levels of categories to write.
#' @param group `NULL` (default: all cases and every group) or a character
#'   vector of groups (`"Overall"` for all cases), for tables made with
#'   `by`.
#' @param unit `NULL` (default) or a string written after the median of a
#'   number, such as `"years"`.
#' @param digits Significant digits of numbers, a whole number >= 1.
#'   Default 3.
#' @param pct_digits Decimals of percentages, a whole number >= 0. Default
#'   0.
#' @returns A character vector, one sentence per row, named by
#'   characteristic (with `: level` and `: group` where there are some).
#' @family describe and compare
#' @export
#' @examples
#' tab <- describe_cases(nsarc_cases, age, sex, stopped)
#' describe_text(tab, "age", unit = "years")
#' describe_text(tab, "sex", level = "F")
#' describe_text(tab, "stopped")
describe_text <- function(x, variable = NULL, level = NULL, group = NULL,
                          unit = NULL, digits = 3, pct_digits = 0) {
  if (!inherits(x, "case_describe")) {
    cp_abort("`x` must be a table from describe_cases(), not ", describe(x), ".")
  }
  check_digits(digits, 1)
  check_digits(pct_digits, 0)
  if (!is.null(unit)) check_string(unit, "unit")
  keep <- rep(TRUE, nrow(x))
  pick <- function(arg, name, values) {
    if (is.null(arg)) return(rep(TRUE, length(values)))
    if (!is.character(arg)) {
      cp_abort(bt(name), " must be a character vector, not ", describe(arg), ".")
    }
    unknown <- setdiff(arg, values)
    if (length(unknown)) {
      cp_abort(bt(name), " ", fmt_list(dQuote(unknown, FALSE)), " not in the table; ",
               "it has ", fmt_list(dQuote(unique(stats::na.omit(values)), FALSE), max = 8), ".")
    }
    values %in% arg
  }
  keep <- pick(variable, "variable", x$variable)
  if (!is.null(level)) keep <- keep & pick(level, "level", x$level)
  has_group <- "group" %in% names(x)
  if (!is.null(group)) {
    if (!has_group) cp_abort("`group` given, but the table has no groups.")
    keep <- keep & pick(group, "group", as.character(x$group))
  }
  x <- as.data.frame(x)[keep, , drop = FALSE]
  reported <- paste0("reported in ", x$n_reported, " of ", x$n)
  num <- x$type == "number"
  u <- if (is.null(unit)) "" else paste0(" ", unit)
  out <- ifelse(
    num,
    ifelse(x$n_reported > 0,
           paste0("median ", x$label, " ", fmt_num(x$median, digits), u, " (IQR ",
                  fmt_num(x$q1, digits), " to ", fmt_num(x$q3, digits), "; ", reported, ")"),
           paste0("median ", x$label, " not estimable (", reported, ")")),
    paste0(ifelse(is.na(x$count), 0, x$count), " of ", x$n_reported, " (",
           ifelse(is.na(x$prop), "-", paste0(format_pct(x$prop, pct_digits), "%")),
           "; ", reported, ")")
  )
  nm <- x$variable
  cat_rows <- x$type == "category" & !is.na(x$level)
  nm[cat_rows] <- paste0(nm[cat_rows], ": ", x$level[cat_rows])
  if (has_group) nm <- paste0(nm, ": ", ifelse(is.na(x$group), "NA", as.character(x$group)))
  names(out) <- nm
  out
}

fmt_median <- function(d, digits = 3) {
  ifelse(d$n_reported > 0,
         paste0(fmt_num(d$median, digits), " (", fmt_num(d$q1, digits), " to ",
                fmt_num(d$q3, digits), ")"), "-")
}

fmt_range <- function(d, digits = 3) {
  ifelse(d$n_reported > 0,
         paste0(fmt_num(d$min, digits), " to ", fmt_num(d$max, digits)), "-")
}

fmt_count <- function(count, prop, pct_digits = 0) {
  paste0(ifelse(is.na(count), 0, count), " (",
         ifelse(is.na(prop), "-", paste0(format_pct(prop, pct_digits), "%")), ")")
}

fmt_p_cell <- function(p) {
  if (is.na(p)) return("-")
  if (p < 0.001) return("< 0.001")
  formatC(signif(p, 2), format = "fg", digits = 2, flag = "#")
}
