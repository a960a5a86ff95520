# The input of extraction_agreement() (R/agreement.R) made comparable: the
# two case tables read, and each column's codes, keys and kind for kappa.

# A name for an argument: the variable's name when it is one.
arg_label <- function(expr, default) {
  if (is.name(expr)) as.character(expr) else default
}

agreement_input <- function(x, arg, map, response_levels) {
  if (!is.data.frame(x)) {
    cp_abort(bt(arg), " must be a case table or a data frame, not ", describe(x), ".")
  }
  if (!inherits(x, "cases")) {
    ordered <- names(x)[vapply(x, is.ordered, TRUE)]
    levels <- lapply(x[ordered], levels)
    x <- tryCatch(as_cases(x, map = map, response_levels = response_levels),
                  casepool_error = function(e) {
                    cp_abort(bt(arg), " is not a valid case table. ", conditionMessage(e))
                  })
    # the case table keeps a covariate's levels but not its order
    for (col in intersect(ordered, names(x))) {
      if (!is.factor(x[[col]]) || is.ordered(x[[col]])) next
      x[[col]] <- factor(as.character(x[[col]]), levels = levels[[col]], ordered = TRUE)
    }
  }
  x
}

# Normalised text: lower case, blanks trimmed and runs of blanks made one.
squish <- function(x) {
  x <- tolower(trimws(as.character(x)))
  gsub("[[:space:]]+", " ", x)
}

# One column's codes for cp_kappa(), its comparison keys (NA for not
# reported), and the values as shown in the list of disagreements.
agreement_codes <- function(col, a, b, ia, ib, weights, labels) {
  xa <- a[[col]][ia]
  xb <- b[[col]][ib]
  kind <- agreement_kind(col, xa, xb)
  show <- function(x) {
    if (is.numeric(x)) return(ifelse(is.na(x), NA_character_, format_num(x)))
    out <- as.character(x)
    out
  }
  out <- list(kind = kind, show_a = show(xa), show_b = show(xb), scores = NULL,
              weight = 0L)
  if (kind == "text") {
    ka <- text_key(col, a, ia)
    kb <- text_key(col, b, ib)
  } else if (kind == "numeric") {
    ka <- signif(as.double(xa), 12)
    kb <- signif(as.double(xb), 12)
  } else if (kind == "ordered") {
    lev <- ordered_levels(col, xa, xb, labels)
    ka <- match(as.character(xa), lev)
    kb <- match(as.character(xb), lev)
  } else {
    ka <- if (is.logical(xa)) as.character(xa) else squish(xa)
    kb <- if (is.logical(xb)) as.character(xb) else squish(xb)
  }
  out$key_a <- ka
  out$key_b <- kb
  if (kind == "ordered") {
    out$a <- as.integer(ka)
    out$b <- as.integer(kb)
    out$ncat <- length(lev)
    out$scores <- as.double(seq_along(lev))
    out$weight <- match(weights, c("linear", "quadratic"))
  } else if (kind == "numeric") {
    vals <- sort(unique(c(ka, kb)))
    out$a <- match(ka, vals)
    out$b <- match(kb, vals)
    out$ncat <- length(vals)
    out$scores <- vals
    out$weight <- match(weights, c("linear", "quadratic"))
  } else {
    # not reported is a category of its own
    ka[is.na(ka)] <- "\001NA"
    kb[is.na(kb)] <- "\001NA"
    vals <- sort(unique(c(ka, kb)))
    out$a <- match(ka, vals)
    out$b <- match(kb, vals)
    out$ncat <- length(vals)
  }
  out
}

agreement_kind <- function(col, xa, xb) {
  if (col %in% c("report", "regimen", "onset", "dose")) return("text")
  if (col == "response" || is.ordered(xa) || is.ordered(xb)) return("ordered")
  if (is.numeric(xa) && is.numeric(xb)) return("numeric")
  "nominal"
}

# The levels of an ordered column, lowest first: response's none < partial
# < complete, else the factor's levels (the same in both tables).
ordered_levels <- function(col, xa, xb, labels) {
  if (col == "response") return(rev(response_values))
  la <- if (is.ordered(xa)) levels(xa)
  lb <- if (is.ordered(xb)) levels(xb)
  lev <- la %||% lb
  if (!is.null(la) && !is.null(lb) && !identical(la, lb)) {
    cp_abort("Column ", bt(col), " is ordered with different levels in the two ",
             "extractions: ", paste(dQuote(la, FALSE), collapse = " < "), " in ",
             labels[1], ", ", paste(dQuote(lb, FALSE), collapse = " < "), " in ",
             labels[2], ". Give both the same levels.")
  }
  stray <- setdiff(unique(stats::na.omit(c(as.character(xa), as.character(xb)))), lev)
  if (length(stray)) {
    cp_abort("Column ", bt(col), " is ordered, but ", fmt_values(stray),
             if (length(stray) > 1) " are" else " is", " not among its levels.")
  }
  lev
}

# The comparison keys of a free-text column: onset by its reading, dose by
# its value and unit, others as normalised text.
text_key <- function(col, x, rows) {
  v <- x[[col]][rows]
  raw <- squish(v)
  if (!is.character(v) || !col %in% c("onset", "dose")) return(raw)
  # read from the text itself, not from columns an edit may have left stale
  key <- raw
  if (col == "onset") {
    res <- onset_scan(v)
    read <- res$status == "read"
    key[read] <- paste("read", signif(res$lower[read], 12), signif(res$upper[read], 12),
                       res$unit[read], res$from_infusion[read])
  } else {
    res <- read_distinct(v, function(u) .Call(cp_read_quantity, u, 1L))
    read <- !is.na(res$value) & res$unit > 0L
    key[read] <- paste("read", signif(res$value[read], 12), dose_units[res$unit[read]])
  }
  key
}
