pool_methods <- c("glmm", "dl", "reml", "pm")

pool_method_label <- function(x) {
  switch(x$method,
    glmm = paste0("binomial-normal random-effects model (one-step GLMM, logit link), ",
                  "maximum likelihood with ", x$nagq, "-point adaptive Gauss-Hermite quadrature"),
    dl = "inverse variance on the logit scale, tau^2 by DerSimonian-Laird",
    reml = "inverse variance on the logit scale, tau^2 by REML",
    pm = "inverse variance on the logit scale, tau^2 by Paule-Mandel"
  )
}

#' Pool proportions across studies
#'
#' Pools events `x` out of `n` across studies (published series, case
#' reports, groups of case reports) into one proportion, with its
#' confidence interval, the between-study variance `tau^2`, I^2, a test of
#' heterogeneity, a prediction interval and a row per study with its exact
#' (Clopper-Pearson) interval and weight.
#'
#' @section Methods:
#' * `"glmm"` (default): the one-step binomial-normal random-effects model,
#'   `x_i ~ Binomial(n_i, p_i)`, `logit(p_i) ~ Normal(mu, tau^2)`, fitted by
#'   maximum likelihood. The likelihood of each study is an integral over
#'   its random effect, computed by adaptive Gauss-Hermite quadrature with
#'   `nagq` nodes centred at the mode of the integrand and scaled by its
#'   curvature there (the rule of `lme4::glmer(nAGQ = )`, which
#'   `metafor::rma.glmm(measure = "PLO")` calls with 7 nodes; `nagq = 1` is
#'   the Laplace approximation). It is maximised in C by Newton's method
#'   with a line search, from DerSimonian-Laird starting values, until a
#'   full Newton step moves `mu` and `tau` by less than `control$tol`
#'   relative to their size; the standard error of `mu` comes from the
#'   inverse of the observed information of `(mu, tau)`. No continuity
#'   correction: studies with no events or only events are used as they
#'   are, which is why it is the method recommended for small series and
#'   rare events (Stijnen, Hamza and Ozdemir 2010). The common-effect model
#'   is the binomial model with one proportion (`sum(x) / sum(n)`, Wald
#'   interval on the logit scale). Heterogeneity is tested by the
#'   likelihood-ratio test of the common-effect model against one
#'   proportion per study, and by the Wald-type test, which needs every
#'   study to have `0 < x < n`. Study weights are each study's share of
#'   the observed information about `mu` at the estimate.
#' * `"dl"`, `"reml"`, `"pm"`: inverse-variance pooling of the study logits
#'   `log(x / (n - x))`, variances `1/x + 1/(n - x)`, with 1/2 added to both
#'   cells of studies with no events or only events (as
#'   `metafor::escalc(measure = "PLO")`); `tau^2` by DerSimonian-Laird,
#'   REML (Fisher scoring) or Paule-Mandel (the generalised Q statistic
#'   equated to `k - 1`). With `hk = TRUE` the interval of the pooled logit
#'   is Hartung and Knapp's: its variance multiplied by the weighted
#'   residual sum of squares over `k - 1`, with a t quantile on `k - 1`
#'   degrees of freedom. The common effect is the inverse-variance mean,
#'   and Cochran's Q tests heterogeneity.
#'
#' I^2 is `tau^2 / (tau^2 + s^2)`, with `s^2` the typical within-study
#' variance `(k - 1) / (sum w - sum w^2 / sum w)`, `w = 1 / v` the inverse
#' variances of the study logits (as metafor, for every method). The
#' prediction interval for the proportion in a new study is
#' `expit(mu +/- q sqrt(se^2 + tau^2))`, where `q` is the t quantile on
#' `k - 2` degrees of freedom (`pi_method = "t"`, Higgins, Thompson and
#' Spiegelhalter 2009) or the normal quantile (`"z"`, as
#' `predict(<rma>)`); there is none with fewer than 3 studies, and the
#' result says so.
#'
#' @section Edge cases:
#' * One study: its own proportion, with the interval of the common-effect
#'   model; `tau^2`, I^2 and the tests are not estimable (`NA`, and a
#'   warning says so).
#' * No events in any study (or events in every patient of every study):
#'   the binomial-normal likelihood has no finite maximum (`mu` runs to
#'   minus or plus infinity). `"glmm"` then gives the pooled proportion 0
#'   (or 1) with the Clopper-Pearson interval of all studies' counts
#'   added up, `sum(x)` of `sum(n)`, and `tau^2` is not estimated (a
#'   warning says so). The inverse-variance methods pool the corrected
#'   logits as usual, and the result notes that they rest on the
#'   correction.
#' * Every study of one patient (`n = 1`): `tau^2` is not identifiable
#'   under `"glmm"` (the likelihood depends on the data only through the
#'   overall proportion); it is set to 0 with a warning, and the estimate is
#'   the common-effect one.
#' * Every study with either no events or only events, both kinds present
#'   and some `n > 1`: the binomial-normal likelihood grows without bound
#'   as `tau` grows, so `"glmm"` stops with an error that suggests what to
#'   do.
#' * Two studies: estimated as usual; no prediction interval.
#'
#' @param x Events per study: a numeric vector of whole numbers, `0 <= x <=
#'   n`, no `NA`. With `data`, a column of it (unquoted) or an expression
#'   of its columns.
#' @param n Patients per study: whole numbers >= 1, as long as `x`.
#' @param study Study labels, as long as `x` and unique; `NULL` (default)
#'   numbers the studies "Study 1", "Study 2", ...
#' @param method `"glmm"` (default), `"dl"`, `"reml"` or `"pm"`; see
#'   Methods.
#' @param data `NULL` (default) or a data frame in which `x`, `n` and
#'   `study` are evaluated.
#' @param hk `TRUE` for the Hartung-Knapp interval of the inverse-variance
#'   methods. Default `FALSE`.
#' @param conf_level Confidence level of every interval, a single number in
#'   (0, 1). Default 0.95.
#' @param pi_method The quantile of the prediction interval: `"t"` (default;
#'   t on `k - 2` degrees of freedom) or `"z"` (normal).
#' @param nagq Quadrature nodes per study for `"glmm"`, a whole number from
#'   1 (Laplace) to 100. Default 7, as `metafor::rma.glmm()`.
#' @param control A list of `tol` (default `1e-10`: the GLMM stops when a
#'   Newton step moves `mu` and `tau` by less than `tol` times
#'   `1 + |value|`; REML and Paule-Mandel when `tau^2` moves by less than
#'   `tol` times `max(1, tau^2)`) and `maxit` (default 100 Newton
#'   iterations for the GLMM, 1000 for REML and Paule-Mandel).
#' @returns An object of class `"pool_prop"`, a list with
#'   * `pooled`: a data frame with rows `random` and `common`: `estimate`,
#'     `conf_low`, `conf_high` (proportions), `logit` and `se` (its standard
#'     error);
#'   * `prediction`: `c(low, high)`, `NA` with fewer than 3 studies;
#'   * `tau2`, `i2` (a proportion, 0 to 1) and `h2`;
#'   * `heterogeneity`: a data frame of `test`, `statistic`, `df`,
#'     `p_value`;
#'   * `studies`: a data frame of `study`, `x`, `n`, `estimate` (`x / n`),
#'     `conf_low`, `conf_high` (Clopper-Pearson), `logit` and `var` (the
#'     study logit and its variance, corrected as above), `weight` (random
#'     effects) and `weight_common`, both summing to 1;
#'   * `k`, `x_total`, `n_total`, the settings (`method`, `hk`,
#'     `conf_level`, `pi_method`, `nagq`, `control`), `fit` (for `"glmm"`:
#'     `converged`, `code`, `iterations`, `loglik`, `gradient`, `vcov` of
#'     `(mu, tau)`; for REML and Paule-Mandel, `converged` and
#'     `iterations`), and `notes`, sentences about anything not estimated
#'     or estimated with a caveat (named `"warning"` when they were also
#'     raised as warnings, `"note"` otherwise).
#' @references
#' Stijnen T, Hamza TH, Ozdemir P (2010). Random effects meta-analysis of
#' event outcome in the framework of the generalized linear mixed model
#' with applications in sparse data. *Statistics in Medicine* 29,
#' 3046-3067.
#'
#' Higgins JPT, Thompson SG, Spiegelhalter DJ (2009). A re-evaluation of
#' random-effects meta-analysis. *JRSS A* 172, 137-159.
#'
#' Hartung J, Knapp G (2001). A refined method for the meta-analysis of
#' controlled clinical trials with binary outcome. *Statistics in
#' Medicine* 20, 3875-3889.
#' @family pooling
#' @export
#' @examples
#' # improvement in the published series of infliximab in neurosarcoidosis
#' improved <- subset(nsarc_series, outcome == "improved")
#' fit <- pool_proportions(events, total, study, data = improved)
#' fit
#' pool_text(fit)
#' plot(fit)
#'
#' # inverse variance with REML and the Hartung-Knapp interval
#' pool_proportions(events, total, study, data = improved, method = "reml",
#'                  hk = TRUE)
pool_proportions <- function(x, n, study = NULL, method = "glmm", data = NULL,
                             hk = FALSE, conf_level = 0.95, pi_method = "t",
                             nagq = 7, control = list()) {
  if (!is.null(data)) {
    if (!is.data.frame(data)) {
      cp_abort("`data` must be a data frame or NULL, not ", describe(data), ".")
    }
    env <- parent.frame()
    x <- eval_in_data(substitute(x), data, env, "x")
    n <- eval_in_data(substitute(n), data, env, "n")
    study <- eval_in_data(substitute(study), data, env, "study")
  }
  pool_fit(x, n, study, method = method, hk = hk, conf_level = conf_level,
           pi_method = pi_method, nagq = nagq, control = control)
}

# The fit behind pool_proportions() and pool_cases(): validation, one .Call,
# shaping.  With quiet = TRUE the warnings go to the notes only (for the
# leave-one-out refits).
pool_fit <- function(x, n, study, method = "glmm", hk = FALSE,
                     conf_level = 0.95, pi_method = "t", nagq = 7,
                     control = list(), quiet = FALSE) {
  method <- check_choice(method, pool_methods, "method")
  pi_method <- check_choice(pi_method, c("t", "z"), "pi_method")
  check_scalar_number(conf_level, "conf_level", 0, 1)
  if (!is.logical(hk) || length(hk) != 1 || is.na(hk)) {
    cp_abort("`hk` must be TRUE or FALSE, not ", describe(hk), ".")
  }
  if (hk && method == "glmm") {
    cp_abort("`hk = TRUE` (Hartung-Knapp) applies to the inverse-variance ",
             "methods: use method = \"dl\", \"reml\" or \"pm\" with it, or ",
             "hk = FALSE with the GLMM.")
  }
  check_whole(nagq, "nagq", 1, 100)
  control <- check_pool_control(control, method)
  st <- check_studies(x, n, study)
  x <- st$x; n <- st$n; study <- st$study
  k <- length(x)

  notes <- character()
  note <- function(..., warn = FALSE) {
    msg <- paste0(...)
    notes <<- c(notes, stats::setNames(msg, if (warn) "warning" else "note"))
    if (warn && !quiet) cp_warn(msg)
  }
  fit <- if (method == "glmm") {
    pool_glmm(x, n, study, nagq, control, note)
  } else {
    pool_iv(x, n, study, method, hk, control, note)
  }

  alpha <- 1 - conf_level
  z <- stats::qnorm(1 - alpha / 2)
  crit <- if (hk && k > 1) stats::qt(1 - alpha / 2, k - 1) else z
  if (hk && k == 1) note("Hartung-Knapp needs 2 studies; the interval is the normal one.")
  mu <- c(fit$mu, fit$mu_common)
  se <- c(fit$se, fit$se_common)
  pooled <- data.frame(model = c("random", "common"),
                       estimate = stats::plogis(mu),
                       conf_low = stats::plogis(mu - c(crit, z) * se),
                       conf_high = stats::plogis(mu + c(crit, z) * se),
                       logit = mu, se = se, stringsAsFactors = FALSE)
  if (!is.null(fit$exact)) {
    # no events / only events: the Clopper-Pearson interval of the totals
    ci <- binom_ci(sum(x), sum(n), conf_level = conf_level)
    pooled$conf_low <- ci$conf_low
    pooled$conf_high <- ci$conf_high
  }

  prediction <- c(low = NA_real_, high = NA_real_)
  if (k < 3) {
    note("No prediction interval: it needs at least 3 studies (here ", k, ").")
  } else if (is.na(fit$tau2)) {
    note("No prediction interval: tau^2 was not estimated.")
  } else {
    q <- if (pi_method == "t") stats::qt(1 - alpha / 2, k - 2) else z
    half <- q * sqrt(fit$se^2 + fit$tau2)
    prediction[] <- stats::plogis(fit$mu + c(-half, half))
  }

  ci <- binom_ci(x, n, conf_level = conf_level)
  studies <- data.frame(study = study, x = x, n = n, estimate = ci$estimate,
                        conf_low = ci$conf_low, conf_high = ci$conf_high,
                        logit = fit$yi, var = fit$vi,
                        weight = fit$weight / sum(fit$weight),
                        weight_common = fit$weight_common / sum(fit$weight_common),
                        stringsAsFactors = FALSE)
  structure(list(
    pooled = pooled, prediction = prediction,
    tau2 = fit$tau2, i2 = fit$i2, h2 = fit$h2,
    heterogeneity = fit$heterogeneity, studies = studies,
    k = k, x_total = sum(x), n_total = sum(n),
    method = method, hk = hk, conf_level = conf_level, pi_method = pi_method,
    nagq = if (method == "glmm") as.integer(nagq) else NA_integer_,
    control = control, fit = fit$fit, notes = notes
  ), class = "pool_prop")
}

pool_glmm <- function(x, n, study, nagq, control, note) {
  k <- length(x)
  X <- sum(x); N <- sum(n)
  extreme <- x == 0 | x == n
  kind <- if (X == 0) "none" else if (X == N) "all" else if (k == 1) "one" else
    if (all(n == 1)) "n1" else if (all(extreme)) "extreme" else "fit"
  if (kind == "extreme") {
    cp_abort("Every study has either no events or only events (",
             sum(x == 0), " with none, ", sum(x == n), " with only events), ",
             "so the binomial-normal model has no finite maximum: its ",
             "likelihood grows without bound as tau grows. Single-case ",
             "reports can be pooled as one group (pool_cases(single = \"group\")); ",
             "otherwise use an inverse-variance method (method = \"dl\", ",
             "\"reml\" or \"pm\"), whose 0.5 correction gives finite logits.")
  }
  res <- .Call(cp_pool_glmm, x, n, as.integer(nagq), kind == "fit",
               as.double(control$tol), as.integer(control$maxit))
  out <- list(mu = res$mu, se = res$se, mu_common = res$mu_common,
              se_common = res$se_common, tau2 = res$tau^2,
              i2 = res$i2, h2 = res$h2, yi = res$yi, vi = res$vi,
              weight = res$info, weight_common = n)
  if (kind == "fit") {
    code <- res$code
    advice <- paste0("Try more iterations (control = list(maxit = ",
                     4 * control$maxit, ")), more quadrature points (nagq = ",
                     max(15, 2 * nagq + 1), ") or an inverse-variance method ",
                     "(method = \"reml\").")
    if (code %in% c(3L, 4L)) {
      cp_abort("The binomial-normal model could not be fitted: ",
               if (code == 3L) "the estimates ran off beyond |logit| or tau of 100"
               else "its likelihood was not finite", ". ", advice)
    }
    if (code %in% c(1L, 2L)) {
      note("The binomial-normal model did not converge (",
           if (code == 1L) paste0("no convergence within ", control$maxit, " Newton iterations")
           else "no step increased the likelihood",
           "; gradient ", paste(signif(res$gradient, 2), collapse = ", "),
           "): the estimates are the last ones reached. ", advice, warn = TRUE)
    }
    if (code == 5L) {
      note("The information matrix of (mu, tau) is not positive definite at ",
           "the estimate: the standard error uses the information about mu ",
           "alone. Compare with method = \"reml\".", warn = TRUE)
    }
  } else {
    out$mu <- res$mu_common
    out$se <- res$se_common
    out$weight <- n
    if (kind %in% c("none", "all")) {
      out$tau2 <- NA_real_
      out$exact <- TRUE
      note("No study had ", if (kind == "none") "an event" else "a patient without the event",
           ": the binomial-normal model has no finite maximum, so the pooled ",
           "proportion is ", if (kind == "none") "0" else "1", " with the ",
           "Clopper-Pearson interval of all studies' counts added up (",
           X, " of ", N, "), and tau^2 is not estimated.", warn = TRUE)
    } else if (kind == "one") {
      out$tau2 <- NA_real_
      note("Only 1 study: the pooled proportion is its own, and tau^2, I^2 ",
           "and the heterogeneity tests need at least 2 studies.", warn = TRUE)
    } else {
      out$tau2 <- 0
      out$i2 <- 0
      out$h2 <- 1
      note("Every study has one patient (n = 1): tau^2 cannot be told apart ",
           "from the overall proportion, so it is set to 0 and the ",
           "random-effects estimate is the common-effect one. Pool the ",
           "single-case reports as one group for a random-effects analysis.",
           warn = TRUE)
    }
  }
  het <- data.frame(test = c("Likelihood-ratio", "Wald-type"),
                    statistic = c(res$lrt, res$wald), df = k - 1,
                    stringsAsFactors = FALSE)
  het$p_value <- stats::pchisq(het$statistic, het$df, lower.tail = FALSE)
  if (k > 1 && is.na(res$wald)) {
    note("The Wald-type test of heterogeneity needs every study to have ",
         "0 < x < n (", sum(extreme), " do not); the likelihood-ratio test ",
         "uses them all.")
  }
  if (k == 1) het <- het[0, ]
  out$heterogeneity <- het
  out$fit <- list(converged = kind != "fit" || res$code %in% c(0L, 5L),
                  code = res$code, iterations = res$iterations,
                  loglik = res$loglik, gradient = res$gradient,
                  vcov = res$vcov, start = res$start, kind = kind)
  out
}

pool_iv <- function(x, n, study, method, hk, control, note) {
  k <- length(x)
  res <- .Call(cp_pool_iv, x, n, match(method, pool_methods) - 1L,
               as.double(control$tol), as.integer(control$maxit))
  corrected <- x == 0 | x == n
  if (any(corrected)) {
    note("1/2 added to both cells of ", sum(corrected), " ",
         if (sum(corrected) == 1) "study" else "studies",
         " with no events or only events (", fmt_list(study[corrected]), ")",
         if (all(x == 0) || all(x == n)) {
           paste0("; as no study ", if (all(x == 0)) "had an event" else
                  "had a patient without it", ", the estimate rests on ",
                  "that correction: prefer method = \"glmm\"")
         }, ".")
  }
  if (k == 1) {
    note("Only 1 study: the pooled proportion is its own, and tau^2, I^2 ",
         "and Cochran's Q need at least 2 studies.", warn = TRUE)
  }
  if (res$code != 0L) {
    note(if (method == "reml") "REML" else "Paule-Mandel", " did not converge ",
         "within ", control$maxit, " iterations: tau^2 is the last value reached. ",
         "Try control = list(maxit = ", 10 * control$maxit, ") or method = \"dl\".",
         warn = TRUE)
  }
  het <- data.frame(test = "Cochran's Q", statistic = res$q, df = k - 1,
                    stringsAsFactors = FALSE)
  het$p_value <- stats::pchisq(het$statistic, het$df, lower.tail = FALSE)
  if (k == 1) het <- het[0, ]
  list(mu = res$mu, se = if (hk && k > 1) res$se_hk else res$se,
       se_plain = res$se, mu_common = res$mu_common, se_common = res$se_common,
       tau2 = res$tau2, i2 = res$i2, h2 = res$h2, yi = res$yi, vi = res$vi,
       weight = res$w, weight_common = res$w_common, heterogeneity = het,
       fit = list(converged = res$code == 0L, iterations = res$iterations))
}
