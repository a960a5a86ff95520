# Validation of the pooling functions' arguments: errors name the argument
# and, for counts, the position and the study.

eval_in_data <- function(expr, data, env, arg) {
  tryCatch(eval(expr, data, env), error = function(e) {
    cp_abort("`", arg, "` could not be evaluated in `data`: ", conditionMessage(e))
  })
}

check_whole <- function(x, arg, lower, upper) {
  if (!is.numeric(x) || length(x) != 1 || is.na(x) || x != round(x) ||
      x < lower || x > upper) {
    cp_abort(bt(arg), " must be a whole number from ", lower, " to ", upper,
             ", not ", describe(x), ".")
  }
  invisible(x)
}

check_pool_control <- function(control, method) {
  if (!is.list(control) || (length(control) && is.null(names(control)))) {
    cp_abort("`control` must be a named list (tol, maxit), not ",
             describe(control), ".")
  }
  unknown <- setdiff(names(control), c("tol", "maxit"))
  if (length(unknown)) {
    cp_abort("`control` has ", fmt_list(bt(unknown)),
             "; it takes `tol` and `maxit`.")
  }
  out <- list(tol = 1e-10, maxit = if (method == "glmm") 100 else 1000)
  if (!is.null(control$tol)) {
    check_scalar_number(control$tol, "control$tol", 0, 1)
    out$tol <- control$tol
  }
  if (!is.null(control$maxit)) {
    check_whole(control$maxit, "control$maxit", 1, 1e6)
    out$maxit <- control$maxit
  }
  out
}

# x, n and study checked together; errors name the position and the study.
check_studies <- function(x, n, study) {
  x <- check_counts(x, "x")
  n <- check_counts(n, "n")
  if (length(x) != length(n)) {
    cp_abort("`x` (length ", length(x), ") and `n` (length ", length(n),
             ") must have one length: one value per study.")
  }
  k <- length(x)
  if (k == 0) cp_abort("There are no studies to pool: `x` and `n` are empty.")
  if (is.null(study)) {
    study <- paste("Study", seq_len(k))
  } else {
    if (!is.atomic(study) || length(study) != k) {
      cp_abort("`study` must give one label per study (", k, "), not ",
               describe(study), ".")
    }
    study <- as.character(study)
    if (anyNA(study)) {
      cp_abort("`study` must not be NA: position", plural_s(which(is.na(study))),
               " ", fmt_list(which(is.na(study))), ".")
    }
    dup <- unique(study[duplicated(study)])
    if (length(dup)) {
      cp_abort("`study` labels must be unique; ", fmt_list(dQuote(dup, FALSE)),
               " appear", if (length(dup) == 1) "s", " more than once.")
    }
  }
  name <- function(i) {
    paste0("position", plural_s(i), " ", fmt_list(i), " (",
           fmt_list(dQuote(study[i], FALSE)), ")")
  }
  for (arg in c("x", "n")) {
    v <- if (arg == "x") x else n
    if (anyNA(v)) {
      cp_abort("`", arg, "` must not be NA: ", name(which(is.na(v))),
               ". Give the counts, or leave the ",
               if (sum(is.na(v)) == 1) "study" else "studies", " out.")
    }
  }
  if (any(n < 1)) {
    cp_abort("`n` must be at least 1: ", name(which(n < 1)),
             " ha", if (sum(n < 1) == 1) "s" else "ve", " n = 0.")
  }
  if (any(x > n)) {
    cp_abort("`x` must not exceed `n`: x > n at ", name(which(x > n)), ".")
  }
  list(x = x, n = n, study = study)
}

plural_s <- function(i) if (length(i) == 1) "" else "s"
