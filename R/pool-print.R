# Methods of pooled proportions: format, print, summary, as.data.frame and
# the sentence for inline R Markdown.

pct_interval <- function(p, lo, hi, digits) {
  ifelse(is.na(p), "-",
         paste0(format_pct(p, digits), "% (", format_pct(lo, digits), "% to ",
                format_pct(hi, digits), "%)"))
}

fmt_p <- function(p) {
  ifelse(is.na(p), "NA", ifelse(p < 0.001, "< 0.001",
                                paste0("= ", formatC(p, format = "f", digits = 3))))
}

model_label <- function(x) {
  c(random = if (x$method == "glmm") "Random effects (GLMM)" else
      paste0("Random effects (", toupper(x$method), if (x$hk) ", Hartung-Knapp", ")"),
    common = "Common effect")
}

#' @rdname print.pool_prop
#' @export
format.pool_prop <- function(x, digits = 1, ...) {
  s <- x$studies
  level <- paste0(format_pct(x$conf_level, 0), "% CI")
  out <- data.frame(study = s$study, `x/n` = paste0(s$x, "/", s$n),
                    check.names = FALSE, stringsAsFactors = FALSE)
  out[[paste0("% (", level, ")")]] <- pct_interval(s$estimate, s$conf_low,
                                                    s$conf_high, digits)
  out$weight <- paste0(format_pct(s$weight, 1), "%")
  p <- x$pooled
  pooled <- data.frame(study = model_label(x)[p$model],
                       `x/n` = paste0(x$x_total, "/", x$n_total),
                       check.names = FALSE, stringsAsFactors = FALSE)
  pooled[[paste0("% (", level, ")")]] <- pct_interval(p$estimate, p$conf_low,
                                                       p$conf_high, digits)
  pooled$weight <- c("100%", "")
  rbind(out, pooled)
}

#' Print, summarise and convert pooled proportions
#'
#' `print()` shows the pooled proportions, the prediction interval,
#' heterogeneity, the studies and any notes; `format()` gives the table of
#' studies and pooled rows as text; `summary()` adds the logit-scale
#' estimates, the fit's convergence and the leave-one-out table of
#' [pool_cases()]; `as.data.frame()` gives one row per study, pooled
#' estimate and prediction interval.
#'
#' @param x,object A result of [pool_proportions()] or [pool_cases()].
#' @param digits Decimals of the percentages, default 1.
#' @param row.names,optional Ignored (for the generic).
#' @param ... Ignored.
#' @returns `format()`: a character data frame; `summary()`: an object of
#'   class `"summary.pool_prop"`; `as.data.frame()`: a data frame with
#'   columns `type` (`"study"`, `"random"`, `"common"`, `"prediction"`),
#'   `study`, `x`, `n`, `estimate`, `conf_low`, `conf_high` (for the
#'   prediction row, its interval), `weight` and `weight_common`.
#' @family pooling
#' @export
#' @examples
#' fit <- pool_proportions(c(51, 14, 16), c(66, 28, 18),
#'                         c("gelfand2017", "fritz2020", "jneurol2017"))
#' print(fit, digits = 0)
#' summary(fit)
#' as.data.frame(fit)
print.pool_prop <- function(x, digits = 1, ...) {
  cat("<pool_prop> ", x$k, " stud", if (x$k == 1) "y" else "ies", ", ",
      x$x_total, " events in ", x$n_total, " patients\n", sep = "")
  cat(strwrap(paste0("Method: ", pool_method_label(x), "."), exdent = 2), sep = "\n")
  level <- format_pct(x$conf_level, 0)
  p <- x$pooled
  lab <- format(c(model_label(x)[p$model], "Prediction interval"))
  for (i in seq_len(nrow(p))) {
    cat("  ", lab[i], " ", format_pct(p$estimate[i], digits), "% (", level,
        "% CI ", format_pct(p$conf_low[i], digits), "% to ",
        format_pct(p$conf_high[i], digits), "%)\n", sep = "")
  }
  if (!anyNA(x$prediction)) {
    cat("  ", lab[3], " ", format_pct(x$prediction[1], digits), "% to ",
        format_pct(x$prediction[2], digits), "% (",
        if (x$pi_method == "t") paste0("t, ", x$k - 2, " df") else "normal", ")\n",
        sep = "")
  } else {
    cat("  ", lab[3], " none (see the notes)\n", sep = "")
  }
  if (is.na(x$tau2) && x$k > 1) {
    cat("Heterogeneity: tau^2 not estimated (see the notes)\n")
  } else if (!is.na(x$tau2)) {
    cat("Heterogeneity: tau^2 = ", formatC(x$tau2, format = "f", digits = 4),
        " (tau ", formatC(sqrt(x$tau2), format = "f", digits = 3), ")",
        if (!is.na(x$i2)) paste0(", I^2 = ", format_pct(x$i2, 1), "%"),
        if (!is.na(x$h2)) paste0(", H^2 = ", formatC(x$h2, format = "f", digits = 2)),
        "\n", sep = "")
  }
  h <- x$heterogeneity
  for (i in seq_len(nrow(h))) {
    if (is.na(h$statistic[i])) {
      cat("  ", h$test[i], " test: not defined (see the notes)\n", sep = "")
    } else {
      cat("  ", h$test[i], " test: chi^2 = ",
          formatC(h$statistic[i], format = "f", digits = 2), ", df = ", h$df[i],
          ", p ", fmt_p(h$p_value[i]), "\n", sep = "")
    }
  }
  cat("Studies (", level, "% CI Clopper-Pearson; weights of the random-effects model):\n",
      sep = "")
  tab <- format(x, digits = digits)
  print(tab[seq_len(x$k), , drop = FALSE], row.names = FALSE)
  print_notes(x$notes)
  invisible(x)
}

print_notes <- function(notes) {
  if (!length(notes)) return(invisible())
  cat("Notes:\n")
  for (n in notes) cat(strwrap(n, indent = 2, exdent = 4, prefix = ""), sep = "\n")
  invisible()
}

#' @rdname print.pool_prop
#' @export
summary.pool_prop <- function(object, ...) {
  structure(list(fit = object, leave_one_out = object$leave_one_out),
            class = "summary.pool_prop")
}

#' @export
print.summary.pool_prop <- function(x, digits = 1, ...) {
  f <- x$fit
  print(f, digits = digits)
  cat("\nOn the logit scale:\n")
  p <- f$pooled
  tab <- data.frame(model = p$model, logit = signif(p$logit, 6),
                    se = signif(p$se, 6), stringsAsFactors = FALSE)
  print(tab, row.names = FALSE)
  if (f$method == "glmm" && identical(f$fit$kind, "fit")) {
    cat("Fit: ", if (f$fit$converged) "converged" else "NOT converged", " in ",
        f$fit$iterations, " Newton iterations; log-likelihood ",
        formatC(f$fit$loglik, format = "f", digits = 4), "; gradient ",
        if (max(abs(f$fit$gradient)) < 1e-6) "below 1e-6" else
          paste(signif(f$fit$gradient, 2), collapse = ", "), "\n", sep = "")
  } else if (f$method %in% c("reml", "pm") && f$k > 1) {
    cat("tau^2: ", if (f$fit$converged) "converged" else "NOT converged",
        " in ", f$fit$iterations, " iterations\n", sep = "")
  }
  if (!is.null(x$leave_one_out)) {
    cat("\nLeave one out:\n")
    print(format_loo(x$leave_one_out, digits), row.names = FALSE)
  }
  invisible(x)
}

#' @rdname print.pool_prop
#' @export
as.data.frame.pool_prop <- function(x, row.names = NULL, optional = FALSE, ...) {
  s <- x$studies
  p <- x$pooled
  lab <- model_label(x)
  out <- data.frame(type = "study", study = s$study, x = s$x, n = s$n,
                    estimate = s$estimate, conf_low = s$conf_low,
                    conf_high = s$conf_high, weight = s$weight,
                    weight_common = s$weight_common, stringsAsFactors = FALSE)
  pooled <- data.frame(type = c(p$model, "prediction"),
                       study = c(lab[p$model], "Prediction interval"),
                       x = x$x_total, n = x$n_total,
                       estimate = c(p$estimate, p$estimate[1]),
                       conf_low = c(p$conf_low, x$prediction[[1]]),
                       conf_high = c(p$conf_high, x$prediction[[2]]),
                       weight = c(1, NA, NA), weight_common = c(NA, 1, NA),
                       stringsAsFactors = FALSE)
  out <- rbind(out, pooled)
  row.names(out) <- NULL
  out
}

#' Pooled proportions as a sentence
#'
#' Writes a pooled proportion as "pooled 72% (95% CI 58% to 83%; 4 studies,
#' I^2 41%)", for `` `r pool_text(fit)` `` in an R Markdown manuscript.
#'
#' @param x A result of [pool_proportions()] or [pool_cases()].
#' @param model `"random"` (default) or `"common"`.
#' @param digits Decimals of the percentages, a whole number from 0 to 10.
#'   Default 0.
#' @param prediction Add the prediction interval, when there is one. Default
#'   `FALSE`.
#' @param i2_label How I^2 is written: default `"I^2"`; `"I^2^"` gives a
#'   superscript in R Markdown.
#' @returns A single string. Without I^2 (one study) that part is left out;
#'   a prediction interval that was not computed is left out.
#' @family pooling
#' @export
#' @examples
#' fit <- pool_proportions(c(51, 14, 16), c(66, 28, 18))
#' pool_text(fit)
#' pool_text(fit, prediction = TRUE, digits = 1)
pool_text <- function(x, model = "random", digits = 0, prediction = FALSE,
                      i2_label = "I^2") {
  if (!inherits(x, "pool_prop")) {
    cp_abort("`x` must be a result of pool_proportions() or pool_cases(), not ",
             describe(x), ".")
  }
  model <- check_choice(model, c("random", "common"), "model")
  check_whole(digits, "digits", 0, 10)
  if (!is.logical(prediction) || length(prediction) != 1 || is.na(prediction)) {
    cp_abort("`prediction` must be TRUE or FALSE, not ", describe(prediction), ".")
  }
  check_string(i2_label, "i2_label")
  p <- x$pooled[x$pooled$model == model, ]
  level <- format_pct(x$conf_level, 0)
  parts <- paste0(level, "% CI ", format_pct(p$conf_low, digits), "% to ",
                  format_pct(p$conf_high, digits), "%")
  if (prediction && model == "random" && !anyNA(x$prediction)) {
    parts <- c(parts, paste0(level, "% prediction interval ",
                             format_pct(x$prediction[[1]], digits), "% to ",
                             format_pct(x$prediction[[2]], digits), "%"))
  }
  k <- paste0(x$k, " stud", if (x$k == 1) "y" else "ies")
  if (!is.na(x$i2)) k <- paste0(k, ", ", i2_label, " ", format_pct(x$i2, 0), "%")
  paste0("pooled ", format_pct(p$estimate, digits), "% (",
         paste(c(parts, k), collapse = "; "), ")")
}

#' @rdname tidy.casepool
#' @export
tidy.pool_prop <- function(x, ...) {
  check_dots("tidy", ..., hints = tidy_hints)
  st <- x$studies
  pooled <- x$pooled
  data.frame(
    term = c(as.character(st$study), paste0("pooled (", pooled$model, ")")),
    type = c(rep("study", nrow(st)), rep("summary", nrow(pooled))),
    estimate = c(st$estimate, pooled$estimate),
    conf.low = c(st$conf_low, pooled$conf_low),
    conf.high = c(st$conf_high, pooled$conf_high),
    x = c(st$x, rep(x$x_total, nrow(pooled))),
    n = c(st$n, rep(x$n_total, nrow(pooled))),
    weight = c(st$weight, rep(NA_real_, nrow(pooled))),
    stringsAsFactors = FALSE)
}

#' @rdname tidy.casepool
#' @export
glance.pool_prop <- function(x, ...) {
  check_dots("glance", ..., hints = tidy_hints)
  het <- x$heterogeneity
  first <- if (nrow(het)) het[1, ] else list(statistic = NA_real_, df = NA_real_,
                                              p_value = NA_real_)
  data.frame(nobs = x$n_total, studies = x$k, method = x$method,
             tau2 = x$tau2, i.squared = x$i2, h.squared = x$h2,
             statistic = first$statistic, df = first$df, p.value = first$p_value,
             pi.low = unname(x$prediction[1]), pi.high = unname(x$prediction[2]),
             conf.level = x$conf_level, stringsAsFactors = FALSE)
}

#' @rdname knit_print.casepool
#' @exportS3Method knitr::knit_print
knit_print.pool_prop <- function(x, ...) {
  knit_tables(list(format(x)), paste0("Pooled proportion: ", pool_text(x)),
              notes = x$notes, row.names = FALSE)
}
