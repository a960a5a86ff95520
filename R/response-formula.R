# The formula interface of time_to_response(): the model frame, Surv()
# objects read into (left, right] bounds, weights, subset, na.action and
# strata, with the rows named in every error.

# Evaluate a Surv() formula on `data` (NULL: the formula's environment
# only), with weights, subset and na.action applied as model.frame()
# applies them.  Returns time and event for the common `Surv(time, event)`
# read straight from its columns (when `plain`), else y (the Surv object)
# and bounds = list(left, right) with (left, right] per case; with strata
# (a factor) and labels, weights (NULL or numeric), ids (the rows of `data`
# of the cases), rows (the same, NULL when all rows are used) and
# na_action (the rows dropped, classed "omit" or "exclude", or NULL).  For
# plain columns, na.action waits (`pending`) until the fit rejects them:
# see frame_na().
formula_frame <- function(formula, data, env, weights = NULL, subset = NULL,
                          na_action = stats::na.fail, plain = TRUE) {
  lhs <- formula[[2]]
  time <- event <- y <- NULL
  args <- if (plain) plain_surv_args(lhs, env)
  if (!is.null(args)) {
    time <- tryCatch(eval(args$time, data, env), error = function(e) NULL)
    event <- tryCatch(eval(args$event, data, env), error = function(e) NULL)
    is_plain <- function(v, types) typeof(v) %in% types && is.null(attributes(v))
    if (!is_plain(time, c("double", "integer")) ||
        !is_plain(event, c("double", "integer", "logical")) ||
        length(time) != length(event) ||
        (!is.null(data) && length(time) != nrow(data))) {
      time <- event <- NULL
    }
  }
  hint <- if (is.null(data)) {
    paste0(" (without `data`, the formula's variables are looked up where ",
           "the formula was written)")
  } else ""
  if (is.null(time)) y <- eval_surv(lhs, data, env, hint)
  n <- if (!is.null(time)) length(time) else nrow(y$y)
  if (!is.null(data) && n != nrow(data)) {
    cp_abort("The formula's response has ", n, " rows, `data` ", nrow(data), ".")
  }
  w <- formula_weights(weights, data, env, n)
  rows <- formula_subset(subset, data, env, n)
  strata <- formula_strata(formula, data, env, rows, n, hint)
  if (!is.null(rows)) {
    if (!is.null(time)) {
      time <- time[rows]
      event <- event[rows]
    } else {
      y$y <- y$y[rows]
    }
    if (!is.null(w)) w <- w[rows]
  }
  mf <- list(time = time, event = event, y = y, bounds = NULL,
             strata = strata$codes, labels = strata$labels, weights = w,
             ids = rows %||% seq_len(n), subset = !is.null(rows),
             na_action = NULL, pending = TRUE,
             row_names = if (!is.null(data)) attr(data, "row.names"))
  # the plain columns are scanned for NA only when the fit rejects them
  # (a pass over millions of cases saved), unless a weight is missing
  if (is.null(time) || (!is.null(w) && anyNA(w))) {
    mf <- frame_na(mf, na_action)
  } else if (!is.null(w)) {
    check_weights(w, mf$ids)
  }
  mf
}

# Apply na.action to a formula_frame(): rows without a usable time or
# weight are an error or dropped.  Sets bounds (for a Surv object), rows
# (the rows of the data kept, NULL for all) and na_action.
frame_na <- function(mf, na_action) {
  if (!is.null(mf$time)) {
    miss <- if (anyNA(mf$time) || anyNA(mf$event)) {
      which(is.na(mf$time) | is.na(mf$event))
    } else integer()
  } else {
    mf$bounds <- surv_bounds(mf$y$y, mf$y$invalid, mf$ids)
    miss <- mf$bounds$missing
    mf$bounds$missing <- NULL
  }
  w <- mf$weights
  miss_w <- if (!is.null(w) && anyNA(w)) which(is.na(w)) else integer()
  drop <- apply_na_action(na_action, miss, miss_w, mf$ids,
                          invalid = !is.null(mf$y) && mf$y$invalid,
                          row_names = mf$row_names)
  if (length(drop) && !is.null(mf$strata)) {
    mf$dropped_by <- tabulate(mf$strata[drop], nlevels(mf$strata))
  }
  if (length(drop)) {
    keep <- -as.integer(drop)
    if (!is.null(mf$time)) {
      mf$time <- mf$time[keep]
      mf$event <- mf$event[keep]
    } else {
      mf$bounds$left <- mf$bounds$left[keep]
      mf$bounds$right <- mf$bounds$right[keep]
    }
    if (!is.null(w)) mf$weights <- w[keep]
    if (!is.null(mf$strata)) mf$strata <- mf$strata[keep]
    mf$ids <- mf$ids[keep]
  }
  if (!is.null(mf$weights)) check_weights(mf$weights, mf$ids)
  mf$rows <- if (!mf$subset && !length(drop)) NULL else mf$ids
  mf$na_action <- attr(drop, "na_action")
  mf$pending <- FALSE
  mf
}

# Evaluate a Surv() call: list(y, invalid), invalid TRUE when Surv() turned
# an interval whose lower end is above its upper end into NA.
eval_surv <- function(lhs, data, env, hint = "") {
  invalid <- FALSE
  y <- withCallingHandlers(
    tryCatch(eval(lhs, data, env),
             error = function(e) cp_abort("The formula's response could not ",
                                          "be computed: ", conditionMessage(e),
                                          hint)),
    warning = function(w) {
      if (grepl("start > stop|Invalid interval", conditionMessage(w))) {
        invalid <<- TRUE
        invokeRestart("muffleWarning")
      }
      # Surv() warns from max() on zero rows
      if (grepl("no non-missing", conditionMessage(w))) {
        invokeRestart("muffleWarning")
      }
    }
  )
  if (!inherits(y, "Surv")) {
    cp_abort("The formula's response must be a Surv() object, not ",
             describe(y), ".")
  }
  list(y = y, invalid = invalid)
}

# `weights` as written: evaluated in `data`, then the formula's
# environment, as model.frame() does.  NULL for none.
formula_weights <- function(expr, data, env, n) {
  if (is.null(expr)) return(NULL)
  w <- tryCatch(eval(expr, data, env), error = function(e) {
    cp_abort("`weights` could not be computed: ", conditionMessage(e))
  })
  if (is.null(w)) return(NULL)
  if (!is.numeric(w) || is.factor(w) || length(w) != n) {
    cp_abort("`weights` must be numeric, one per row (", n, "), not ",
             describe(w), ".")
  }
  as.double(w)
}

check_weights <- function(w, rows) {
  bad <- which(!is.finite(w) | w < 0)
  if (length(bad)) {
    cp_abort("`weights` must be finite and >= 0; not so in ",
             fmt_rows(rows[bad]), ".")
  }
  invisible(w)
}

# `subset` as written: logical (NA counts as FALSE, as in subset()) or row
# numbers, evaluated in `data`, then the formula's environment.  Returns the
# rows kept, or NULL for all.
formula_subset <- function(expr, data, env, n) {
  if (is.null(expr)) return(NULL)
  s <- tryCatch(eval(expr, data, env), error = function(e) {
    cp_abort("`subset` could not be computed: ", conditionMessage(e))
  })
  if (is.null(s)) return(NULL)
  if (is.logical(s) && length(s) == n) return(which(s))
  if (is.numeric(s) && !is.factor(s) && !anyNA(s) && all(s == round(s)) &&
      all(abs(s) <= n) && (all(s >= 0) || all(s <= 0))) {
    return(seq_len(n)[s])
  }
  cp_abort("`subset` must be logical, one per row (", n, "), or row ",
           "numbers, not ", describe(s), ".")
}

# Apply na.action to the cases without a usable time (positions `miss_t`
# among the rows `ids`) or without a weight (`miss_w`).
# The default, na.fail, is an error naming the rows; any other function
# (na.omit, na.exclude, one of the user's) is given a data frame with NA in
# those rows and drops what it drops.  Returns the positions to drop, with
# attribute na_action: the rows of `data` dropped, named by the data's row
# names and classed as the function classes them ("omit", "exclude").
apply_na_action <- function(na_action, miss_t, miss_w, ids, invalid = FALSE,
                            row_names = NULL) {
  if (is.character(na_action) && length(na_action) == 1 && !is.na(na_action)) {
    na_action <- get0(na_action, mode = "function")
  }
  if (!is.function(na_action)) {
    cp_abort("`na.action` must be a function such as na.omit or na.fail, ",
             "or its name.")
  }
  miss <- sort(union(miss_t, miss_w))
  if (!length(miss)) return(integer())
  fail <- function() {
    msg <- c(
      if (length(miss_t)) {
        paste0("No usable time in ", fmt_rows(ids[miss_t]), ": the time is missing",
               if (invalid) ", or its lower end is above its upper end", ".")
      },
      if (length(miss_w)) paste0("`weights` is missing in ", fmt_rows(ids[miss_w]), "."),
      paste0("Give `na.action = na.omit` to leave ",
             if (length(miss) > 1) "them" else "it", " out.")
    )
    cp_abort(paste(msg, collapse = " "))
  }
  if (identical(na_action, stats::na.fail)) fail()
  value <- rep(1, length(ids))
  value[miss] <- NA
  res <- tryCatch(na_action(data.frame(value = value)), error = function(e) fail())
  if (!is.data.frame(res) || anyNA(res$value)) fail()
  dropped <- attr(res, "na.action")
  pos <- as.integer(dropped)
  out <- ids[pos]
  names(out) <- if (is.character(row_names)) row_names[out] else out
  class(out) <- if (inherits(dropped, "exclude")) "exclude" else "omit"
  structure(pos, na_action = out)
}

# The strata of a formula's right-hand side: list(codes, labels), NULLs for
# `~ 1`; else a factor of the combinations of its variables (NA a level of
# its own) and the labels of its levels, "var=value".  With one variable the
# factor is the column's own, kept apart from its labels so that a large
# column is not copied.  `rows` are the rows kept (NULL for all); the factor
# is made after the subset, as model.frame() makes it.
formula_strata <- function(formula, data, env = environment(formula),
                           rows = NULL, n = NULL, hint = "") {
  rhs <- tryCatch(stats::delete.response(stats::terms(formula, data = data)),
                  error = function(e) cp_abort("The formula could not be read: ",
                                               conditionMessage(e)))
  vars <- attr(rhs, "term.labels")
  if (!length(vars)) return(list(codes = NULL, labels = NULL))
  vals <- lapply(vars, function(v) {
    val <- tryCatch(eval(str2lang(v), data, env), error = function(e) {
      cp_abort("The formula's variable ", bt(v), " could not be computed: ",
               conditionMessage(e), hint)
    })
    if (!is.atomic(val) || (!is.null(n) && length(val) != n)) {
      cp_abort("The formula's variable ", bt(v), " must have one value per ",
               "row", if (!is.null(n)) paste0(" (", n, ")"), ", not ",
               describe(val), ".")
    }
    if (!is.null(rows)) val <- val[rows]
    val
  })
  names(vals) <- vars
  vals <- lapply(vals, group_factor)
  if (length(vals) == 1) {
    f <- vals[[1]]
    return(list(codes = f, labels = paste0(vars, "=", levels(f))))
  }
  lab <- Map(function(v, nm) paste0(nm, "=", as.character(v)), vals, vars)
  f <- factor(do.call(paste, c(lab, sep = ", ")))
  list(codes = f, labels = levels(f))
}

# (left, right] for every case of a Surv object, and the positions of the
# cases without a usable time (`missing`), for na.action; other bad values
# are errors naming `rows`, the cases' rows in the data.
surv_bounds <- function(y, invalid = FALSE, rows = seq_len(nrow(y))) {
  type <- attr(y, "type")
  if (type == "right") {
    time <- y[, "time"]
    status <- y[, "status"]
    missing <- which(is.na(time) | is.na(status))
    inf <- which(is.infinite(time))
    if (length(inf)) cp_abort("Times must be finite: ", fmt_rows(rows[inf]), ".")
    neg <- which(time < 0)
    if (length(neg)) cp_abort("Times must not be negative: ", fmt_rows(rows[neg]), ".")
    left <- time
    right <- time
    right[status %in% 0] <- Inf
  } else if (type %in% c("interval", "interval2")) {
    t1 <- y[, "time1"]
    t2 <- y[, "time2"]
    status <- y[, "status"]
    missing <- which(is.na(status) | is.na(t1))
    # status 0 right-censored at t1, 1 exact t1, 2 left-censored at t1,
    # 3 in (t1, t2]
    left <- t1
    right <- t1
    right[status %in% 0] <- Inf
    left[status %in% 2] <- -Inf
    int <- status %in% 3
    right[int] <- t2[int]
    # the same rule as for right-censored times, in every form: a lower end
    # of -Inf is left-censored, any other negative end is an error
    check_nonnegative(left, right, rows)
  } else {
    cp_abort("Surv() type ", dQuote(type, FALSE), " is not supported; use ",
             "right-censored or interval2 data.")
  }
  list(left = as.double(left), right = as.double(right), missing = missing)
}

check_bad_rows <- function(bad, invalid, hint = "") {
  if (!length(bad)) return(invisible())
  cp_abort("No usable time in ", fmt_rows(bad), ": the time is missing",
           if (invalid) ", or its lower end is above its upper end", ".", hint)
}

# list(time, event) of the expressions in a call `Surv(time, event)` to
# survival's Surv() with those two arguments only; NULL otherwise.
plain_surv_args <- function(lhs, env) {
  if (!is.call(lhs) || length(lhs) != 3) return(NULL)
  fn <- lhs[[1]]
  if (identical(fn, quote(Surv))) {
    if (!identical(get0("Surv", envir = env, mode = "function"), survival::Surv)) {
      return(NULL)
    }
  } else if (!identical(fn, quote(survival::Surv))) {
    return(NULL)
  }
  args <- as.list(lhs)[-1]
  nms <- names(args)
  if (is.null(nms)) nms <- c("", "")
  if (!all(nms %in% c("", "time", "event")) || anyDuplicated(nms[nms != ""])) {
    return(NULL)
  }
  # positional arguments fill time, then event, as in Surv()
  slots <- c("time", "event")
  nms[nms == ""] <- setdiff(slots, nms)[seq_len(sum(nms == ""))]
  names(args) <- nms
  args[slots]
}

check_fit_options <- function(conf_type, conf_level, method, tol, maxit,
                              B = NULL, seed = NULL) {
  check_choice(conf_type, conf_types, "conf_type")
  check_choice(method, c("auto", "km", "turnbull"), "method")
  check_scalar_number(conf_level, "conf_level", 0, 1)
  check_turnbull_options(tol, maxit, B, seed, conf_level)
  invisible()
}
