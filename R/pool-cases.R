#' Pool a case table's reports and published series
#'
#' Pools a yes/no outcome over the case reports of a case table, grouped by
#' report, together with aggregate series (events of patients), in one
#' analysis by [pool_proportions()], with a leave-one-out sensitivity
#' table.
#'
#' The outcome is evaluated per case like an outcome of [case_tally()]:
#' `NA` is not reported. **Cases whose outcome is not reported are left out
#' of the denominators** (a report then contributes the cases that
#' reported it); the result counts and lists them, and a report none of
#' whose cases reported the outcome drops out. A case with no `report` key
#' is a single-case report of its own.
#'
#' A report that contributes one case is a study of one patient. Pooling
#' such studies one by one (`single = "cluster"`) is what generic
#' meta-analysis software does; it lets every case report weigh like a
#' study, and with only single cases the between-study variance is not
#' identifiable. `single = "group"` (default) pools the single-case reports
#' into one study ("Pooled case reports"), while reports with several cases
#' remain studies of their own. Each series is a study.
#'
#' @param cases A case table from [as_cases()].
#' @param outcome The outcome: a bare column name or an expression of the
#'   case table's columns giving yes/no per case (`response != "none"`).
#' @param series `NULL` (default) or a data frame of published series with
#'   columns `study` (unique labels, distinct from the report keys), `x`
#'   (patients with the outcome) and `n` (patients), one row per series.
#' @param single `"group"` (default) or `"cluster"`: what to do with the
#'   reports that contribute one case; see Details.
#' @param single_label Label of the group of single-case reports. Default
#'   `"Pooled case reports"`.
#' @param leave_one_out Compute the leave-one-out table. Default `TRUE`.
#' @inheritParams pool_proportions
#' @returns A `"pool_prop"` object (see [pool_proportions()]) of class
#'   `c("pool_cases", "pool_prop")`, whose `studies` have the columns
#'   `source` (`"case reports"` or `"series"`) and `reports` (reports in the
#'   row; `NA` for series), with `cases`, a list of `outcome` (its label),
#'   `n_cases`, `n_used`, `excluded` (the `case_id` of the cases whose
#'   outcome was not reported), `n_reports`, `n_single` and `single`, and
#'   `leave_one_out` (see [pool_leave_one_out()]).
#' @family pooling
#' @export
#' @examples
#' # improvement: the simulated case table and the published series
#' series <- subset(nsarc_series, outcome == "improved")
#' series <- data.frame(study = series$study, x = series$events, n = series$total)
#' fit <- pool_cases(nsarc_cases, response != "none", series = series)
#' fit
#' summary(fit)
#' plot(fit)
pool_cases <- function(cases, outcome, series = NULL, single = "group",
                       method = "glmm", hk = FALSE, conf_level = 0.95,
                       pi_method = "t", nagq = 7, control = list(),
                       single_label = "Pooled case reports",
                       leave_one_out = TRUE) {
  check_cases(cases)
  if (missing(outcome)) {
    cp_abort("Give the `outcome`, e.g. pool_cases(cases, response != \"none\").")
  }
  expr <- substitute(outcome)
  single <- check_choice(single, c("group", "cluster"), "single")
  check_string(single_label, "single_label")
  if (!is.logical(leave_one_out) || length(leave_one_out) != 1 || is.na(leave_one_out)) {
    cp_abort("`leave_one_out` must be TRUE or FALSE, not ", describe(leave_one_out), ".")
  }
  label <- deparse1(expr)
  value <- tally_outcome(expr, label, as.data.frame(cases), parent.frame(), nrow(cases))
  series <- check_series(series)

  used <- !is.na(value)
  report <- as.character(cases$report)
  no_key <- is.na(report)
  report[no_key] <- paste0("(case ", format_id(cases$case_id[no_key]), ")")
  keys <- unique(report[used])
  g <- factor(report[used], levels = keys)
  x <- as.vector(rowsum(as.numeric(value[used]), g, reorder = FALSE))
  n <- as.vector(table(g))
  reports <- rep(1L, length(keys))
  is_single <- n == 1
  if (single == "group" && sum(is_single) > 1) {
    keys <- c(keys[!is_single], single_label)
    x <- c(x[!is_single], sum(x[is_single]))
    reports <- c(reports[!is_single], sum(is_single))
    n <- c(n[!is_single], sum(is_single))
  }
  clash <- intersect(series$study, keys)
  if (length(clash)) {
    cp_abort("`series` study labels must differ from the report keys; ",
             fmt_list(dQuote(clash, FALSE)), " is both.")
  }
  if (!length(keys) && !nrow(series)) {
    cp_abort("No case reported the outcome ", bt(label), " and there are no ",
             "`series`: there is nothing to pool.")
  }
  fit <- pool_fit(c(x, series$x), c(n, series$n), c(keys, series$study),
                  method = method, hk = hk, conf_level = conf_level,
                  pi_method = pi_method, nagq = nagq, control = control)
  fit$studies$source <- rep(c("case reports", "series"), c(length(keys), nrow(series)))
  fit$studies$reports <- c(reports, rep(NA_integer_, nrow(series)))
  excluded <- as.character(cases$case_id[!used])
  fit$cases <- list(outcome = label, n_cases = nrow(cases), n_used = sum(used),
                    excluded = excluded, n_reports = length(unique(report[used])),
                    n_single = sum(is_single), single = single)
  if (length(excluded)) {
    fit$notes <- c(note = paste0(length(excluded), " of ", nrow(cases), " cases did ",
                          "not report the outcome and are left out of the ",
                          "denominators: ", fmt_cases(which(!used), cases$case_id),
                          "."), fit$notes)
  }
  if (leave_one_out) fit$leave_one_out <- pool_leave_one_out(fit)
  class(fit) <- c("pool_cases", class(fit))
  fit
}

check_series <- function(series) {
  empty <- data.frame(study = character(), x = numeric(), n = numeric(),
                      stringsAsFactors = FALSE)
  if (is.null(series)) return(empty)
  if (!is.data.frame(series)) {
    cp_abort("`series` must be a data frame with columns study, x and n, or ",
             "NULL, not ", describe(series), ".")
  }
  miss <- setdiff(c("study", "x", "n"), names(series))
  if (length(miss)) {
    cp_abort("`series` must have columns study, x and n; it lacks ",
             fmt_list(bt(miss)), " (its columns: ", fmt_list(bt(names(series)), max = 8),
             "). Rename, e.g. data.frame(study = s$study, x = s$events, n = s$total).")
  }
  if (!nrow(series)) return(empty)
  study <- series$study
  if (!is.atomic(study) || anyNA(study) || any(trimws(as.character(study)) == "")) {
    bad <- which(is.na(study) | trimws(as.character(study)) == "")
    cp_abort("`series$study` must name every series: ", fmt_rows(bad), " ha",
             if (length(bad) == 1) "s" else "ve", " no label.")
  }
  study <- as.character(study)
  for (col in c("x", "n")) {
    v <- series[[col]]
    bad <- if (!is.numeric(v)) seq_along(v) else
      which(is.na(v) | !is.finite(v) | v < 0 | v != round(v))
    if (length(bad)) {
      cp_abort("`series$", col, "` must hold whole numbers >= 0: ", fmt_rows(bad),
               " (", fmt_list(dQuote(study[bad], FALSE)), ") ",
               if (length(bad) == 1) "is " else "are ",
               fmt_list(format(v[bad])), ".")
    }
  }
  bad <- which(series$n < 1)
  if (length(bad)) {
    cp_abort("`series$n` must be at least 1: ", fmt_rows(bad), " (",
             fmt_list(dQuote(study[bad], FALSE)), ").")
  }
  bad <- which(series$x > series$n)
  if (length(bad)) {
    cp_abort("`series$x` must not exceed `series$n`: ", fmt_rows(bad), " (",
             fmt_list(dQuote(study[bad], FALSE)), ").")
  }
  dup <- unique(study[duplicated(study)])
  if (length(dup)) {
    cp_abort("`series$study` labels must be unique; ", fmt_list(dQuote(dup, FALSE)),
             " appear", if (length(dup) == 1) "s", " more than once.")
  }
  data.frame(study = study, x = as.double(series$x), n = as.double(series$n),
             stringsAsFactors = FALSE)
}

#' Leave-one-out sensitivity of pooled proportions
#'
#' Refits the pooled proportion with each study left out in turn, with the
#' same method and settings.
#'
#' @param x A result of [pool_proportions()] or [pool_cases()] (for
#'   [pool_cases()] a "study" is a row of its `studies`: a report, the group
#'   of single-case reports, or a series).
#' @returns A data frame with one row per study left out: `omitted`, `k`
#'   (studies left), `estimate`, `conf_low`, `conf_high` (the
#'   random-effects pooled proportion), `tau2`, `i2` and `note` (why a value
#'   is missing, or the warnings of the refit; `""` when none). With one study
#'   there is nothing left to pool, and the table has no rows.
#' @family pooling
#' @export
#' @examples
#' fit <- pool_proportions(c(51, 14, 16, 9), c(66, 28, 18, 12),
#'                         c("A", "B", "C", "D"))
#' pool_leave_one_out(fit)
pool_leave_one_out <- function(x) {
  if (!inherits(x, "pool_prop")) {
    cp_abort("`x` must be a result of pool_proportions() or pool_cases(), not ",
             describe(x), ".")
  }
  s <- x$studies
  rows <- lapply(seq_len(if (x$k > 1) x$k else 0), function(i) {
    keep <- -i
    res <- tryCatch(
      pool_fit(s$x[keep], s$n[keep], s$study[keep], method = x$method,
               hk = x$hk, conf_level = x$conf_level, pi_method = x$pi_method,
               nagq = if (is.na(x$nagq)) 7 else x$nagq, control = x$control,
               quiet = TRUE),
      casepool_error = function(e) conditionMessage(e))
    if (is.character(res)) {
      return(data.frame(omitted = s$study[i], k = x$k - 1, estimate = NA_real_,
                        conf_low = NA_real_, conf_high = NA_real_, tau2 = NA_real_,
                        i2 = NA_real_, note = paste("Not estimable:", res),
                        stringsAsFactors = FALSE))
    }
    p <- res$pooled[1, ]
    notes <- res$notes[names(res$notes) == "warning"]
    data.frame(omitted = s$study[i], k = res$k, estimate = p$estimate,
               conf_low = p$conf_low, conf_high = p$conf_high, tau2 = res$tau2,
               i2 = res$i2, note = paste(notes, collapse = " "),
               stringsAsFactors = FALSE)
  })
  out <- do.call(rbind, rows)
  if (is.null(out)) {
    out <- data.frame(omitted = character(), k = numeric(), estimate = numeric(),
                      conf_low = numeric(), conf_high = numeric(), tau2 = numeric(),
                      i2 = numeric(), note = character(), stringsAsFactors = FALSE)
  }
  out
}

format_loo <- function(loo, digits = 1) {
  data.frame(omitted = loo$omitted, k = loo$k,
             `% (CI)` = pct_interval(loo$estimate, loo$conf_low, loo$conf_high, digits),
             tau2 = ifelse(is.na(loo$tau2), "-", formatC(loo$tau2, format = "f", digits = 3)),
             `I^2` = ifelse(is.na(loo$i2), "-", paste0(format_pct(loo$i2, 0), "%")),
             note = ifelse(nchar(loo$note) > 60, paste0(substr(loo$note, 1, 57), "..."),
                           loo$note),
             check.names = FALSE, stringsAsFactors = FALSE)
}

#' @export
print.pool_cases <- function(x, digits = 1, ...) {
  cs <- x$cases
  cat("Outcome `", cs$outcome, "`: ", cs$n_used, " of ", cs$n_cases,
      " cases reported it, from ", cs$n_reports, " report",
      if (cs$n_reports != 1) "s", if (cs$single == "group" && cs$n_single > 1)
        paste0(" (", cs$n_single, " single-case reports pooled as one group)"),
      "; ", sum(x$studies$source == "series"), " series\n", sep = "")
  NextMethod()
}
