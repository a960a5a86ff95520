# Pooled proportions against metafor on real data sets (helper-pool.R),
# against glm() and integrate() where metafor is not needed, and at the
# edges.

# ---- the binomial-normal model against rma.glmm() ------------------------

test_that("GLMM with 7 quadrature points agrees with rma.glmm() (nAGQ = 7) within 1e-4", {
  skip_without_metafor()
  for (name in names(pool_reference_sets())) {
    d <- pool_reference_sets()[[name]]
    ref <- metafor::rma.glmm(measure = "PLO", xi = d$xi, ni = d$ni, nAGQ = 7)
    got <- pool_proportions(d$xi, d$ni, nagq = 7)
    r <- got$pooled[got$pooled$model == "random", ]
    expect_lt(abs(r$logit - ref$beta[1]), 1e-4, label = name)
    expect_lt(abs(r$se - ref$se), 1e-4, label = name)
    expect_lt(abs(qlogis(r$conf_low) - ref$ci.lb), 1e-4, label = name)
    expect_lt(abs(qlogis(r$conf_high) - ref$ci.ub), 1e-4, label = name)
    expect_lt(abs(r$estimate - plogis(ref$beta[1])), 1e-4, label = name)
    expect_lt(abs(got$tau2 - ref$tau2), 1e-4, label = name)
    expect_lt(abs(100 * got$i2 - ref$I2), 1e-2, label = name)
    expect_true(got$fit$converged)
    # heterogeneity: the likelihood-ratio test in full; the Wald-type test
    # where every study has 0 < x < n (glm's saturated fit is finite).
    # glm() stops at a relative change in deviance of 1e-8.
    het <- got$heterogeneity
    expect_lt(abs(het$statistic[1] - ref$QE.LRT) / ref$QE.LRT, 1e-7, label = name)
    expect_lt(abs(het$p_value[1] - ref$QEp.LRT), 1e-6, label = name)
    if (all(d$xi > 0 & d$xi < d$ni)) {
      expect_lt(abs(het$statistic[2] - ref$QE.Wld) / ref$QE.Wld, 1e-7, label = name)
    } else {
      expect_true(is.na(het$statistic[2]))
    }
  }
})

# lme4's Laplace deviance (nAGQ = 1) depends on where its inner iterations
# start, by up to 5e-4 on these data, so nagq = 1 is checked against the
# textbook Laplace approximation written here instead.
test_that("GLMM with 1 quadrature point is the Laplace approximation", {
  skip_without_metafor()
  for (name in c("pritz1997", "nielweise2007")) {
    d <- pool_reference_sets()[[name]]
    laplace <- function(par) {
      sum(mapply(function(x, n) {
        g <- function(z) stats::dbinom(x, n, stats::plogis(par[1] + par[2] * z), log = TRUE) -
          z^2 / 2
        z <- stats::optimize(g, c(-30, 30), maximum = TRUE, tol = 1e-12)$maximum
        p <- stats::plogis(par[1] + par[2] * z)
        g(z) - 0.5 * log(1 + par[2]^2 * n * p * (1 - p))
      }, d$xi, d$ni))
    }
    got <- pool_proportions(d$xi, d$ni, nagq = 1)
    start <- c(got$pooled$logit[1], sqrt(got$tau2))
    ref <- stats::optim(start + c(0.1, 0.1), function(p) -laplace(p), method = "BFGS",
                        control = list(reltol = 1e-14))
    expect_lt(abs(got$pooled$logit[1] - ref$par[1]), 1e-4, label = name)
    expect_lt(abs(got$tau2 - ref$par[2]^2), 1e-4, label = name)
    expect_equal(got$fit$loglik, laplace(start), tolerance = 1e-8)
  }
})

test_that("GLMM with 15 quadrature points agrees with rma.glmm(nAGQ = 15)", {
  skip_without_metafor()
  d <- pool_reference_sets()$debruin2009
  ref <- metafor::rma.glmm(measure = "PLO", xi = d$xi, ni = d$ni, nAGQ = 15)
  got <- pool_proportions(d$xi, d$ni, nagq = 15)
  expect_lt(abs(got$pooled$logit[1] - ref$beta[1]), 1e-4)
  expect_lt(abs(got$tau2 - ref$tau2), 1e-4)
  expect_lt(abs(qlogis(got$pooled$conf_low[1]) - ref$ci.lb), 1e-4)
})

test_that("GLMM prediction interval agrees with predict(pi.type = 'riley')", {
  skip_without_metafor()
  for (name in c("pritz1997", "debruin2009", "nielweise2007")) {
    d <- pool_reference_sets()[[name]]
    # test = "t" gives k - 1 df, and pi.type "riley" k - 2: t on k - 2 df
    ref <- metafor::rma.glmm(measure = "PLO", xi = d$xi, ni = d$ni, test = "t")
    p <- stats::predict(ref, pi.type = "riley")
    got <- pool_proportions(d$xi, d$ni)
    expect_lt(max(abs(qlogis(got$prediction) - c(p$pi.lb, p$pi.ub))), 1e-4, label = name)
    refz <- metafor::rma.glmm(measure = "PLO", xi = d$xi, ni = d$ni)
    pz <- stats::predict(refz)
    gotz <- pool_proportions(d$xi, d$ni, pi_method = "z")
    expect_lt(max(abs(qlogis(gotz$prediction) - c(pz$pi.lb, pz$pi.ub))), 1e-4, label = name)
  }
})

test_that("GLMM common effect agrees with rma.glmm(method = 'EE') and glm()", {
  skip_without_metafor()
  for (name in names(pool_reference_sets())) {
    d <- pool_reference_sets()[[name]]
    ref <- metafor::rma.glmm(measure = "PLO", xi = d$xi, ni = d$ni, method = "EE")
    got <- pool_proportions(d$xi, d$ni)$pooled
    expect_lt(abs(got$logit[2] - ref$beta[1]), 1e-6, label = name)
    expect_lt(abs(got$se[2] - ref$se), 1e-6, label = name)
    expect_lt(abs(qlogis(got$conf_low[2]) - ref$ci.lb), 1e-6, label = name)
  }
})

test_that("GLMM common effect equals glm() without metafor", {
  x <- c(16, 10, 4, 43, 10, 25)
  n <- c(17, 12, 8, 58, 10, 42)
  ref <- stats::glm(cbind(x, n - x) ~ 1, family = stats::binomial)
  got <- pool_proportions(x, n)$pooled
  expect_equal(got$logit[2], unname(stats::coef(ref)), tolerance = 1e-8)
  # glm()'s variance uses the weights of its last iteration
  expect_equal(got$se[2], sqrt(stats::vcov(ref)[1, 1]), tolerance = 1e-6)
})

test_that("the quadrature likelihood and weights agree with integrate()", {
  x <- c(11, 24, 179, 82, 60, 0, 9)
  n <- c(29, 33, 326, 240, 110, 12, 17)
  fit <- pool_proportions(x, n, nagq = 15)
  mu <- fit$pooled$logit[1]
  tau <- sqrt(fit$tau2)
  ll <- function(m, t) sum(mapply(ref_study_loglik, x, n, MoreArgs = list(mu = m, tau = t)))
  # the maximum: the gradient of the exact likelihood is ~0 there
  h <- 1e-4
  expect_lt(abs(ll(mu + h, tau) - ll(mu - h, tau)) / (2 * h), 1e-4)
  expect_lt(abs(ll(mu, tau + h) - ll(mu, tau - h)) / (2 * h), 1e-4)
  expect_equal(fit$fit$loglik, ll(mu, tau), tolerance = 1e-6)
  # weights: each study's share of -d2 loglik_i / dmu2
  info <- mapply(function(xi, ni) {
    -(ref_study_loglik(xi, ni, mu + h, tau) - 2 * ref_study_loglik(xi, ni, mu, tau) +
        ref_study_loglik(xi, ni, mu - h, tau)) / h^2
  }, x, n)
  expect_equal(fit$studies$weight, info / sum(info), tolerance = 1e-5)
  expect_equal(sum(fit$studies$weight_common), 1)
})

# Simulated: a study of 0 of 2 next to studies with every patient an
# event, at tau near 4, where Newton's method alone cycles when it looks for
# the mode of that study's integrand.
test_that("the quadrature formula is the one written independently, at its maximum", {
  x <- c(14, 40, 25, 0, 18, 41, 17, 21, 19, 41, 7)
  n <- c(14, 40, 26, 2, 18, 41, 51, 28, 60, 41, 19)
  for (m in c(1, 2, 7, 15)) {
    fit <- pool_proportions(x, n, nagq = m)
    mu <- fit$pooled$logit[1]
    tau <- sqrt(fit$tau2)
    expect_true(fit$fit$converged)
    expect_lt(fit$fit$iterations, 30)
    expect_equal(fit$fit$loglik, ref_aghq_loglik(x, n, mu, tau, m), tolerance = 1e-10)
    h <- 1e-5
    grad <- c(ref_aghq_loglik(x, n, mu + h, tau, m) - ref_aghq_loglik(x, n, mu - h, tau, m),
              ref_aghq_loglik(x, n, mu, tau + h, m) - ref_aghq_loglik(x, n, mu, tau - h, m)) /
      (2 * h)
    expect_lt(max(abs(grad)), 1e-6, label = paste("nagq", m))
  }
})

# ---- inverse variance against rma.uni() ----------------------------------

for (method in c("dl", "reml", "pm")) {
  for (hk in c(FALSE, TRUE)) {
    test_that(paste0("inverse variance, ", method, if (hk) " with Hartung-Knapp",
                     ", agrees with rma.uni() within 1e-8"), {
      skip_without_metafor()
      for (name in names(pool_reference_sets())) {
        d <- pool_reference_sets()[[name]]
        ref <- tight_rma(d, toupper(method), if (hk) "knha" else "z")
        got <- pool_proportions(d$xi, d$ni, method = method, hk = hk)
        r <- got$pooled[1, ]
        info <- paste(name, method, hk)
        expect_lt(abs(r$logit - ref$beta[1]), 1e-8, label = info)
        expect_lt(abs(r$se - ref$se), 1e-8, label = info)
        expect_lt(abs(qlogis(r$conf_low) - ref$ci.lb), 1e-8, label = info)
        expect_lt(abs(qlogis(r$conf_high) - ref$ci.ub), 1e-8, label = info)
        expect_lt(abs(got$tau2 - ref$tau2), 1e-8, label = info)
        expect_lt(abs(100 * got$i2 - ref$I2), 1e-8, label = info)
        expect_lt(abs(got$h2 - ref$H2), 1e-8, label = info)
        expect_lt(abs(got$heterogeneity$statistic - ref$QE), 1e-8, label = info)
        expect_lt(abs(got$heterogeneity$p_value - ref$QEp), 1e-8, label = info)
        expect_lt(max(abs(100 * got$studies$weight - stats::weights(ref))), 1e-8,
                  label = info)
        expect_lt(max(abs(got$studies$logit - ref$yi)), 1e-12, label = info)
        expect_lt(max(abs(got$studies$var - ref$vi)), 1e-12, label = info)
        # prediction interval: t on k - 2 df is metafor's pi.type "riley" on
        # a fit with t-based tests (the Hartung-Knapp one with hk)
        ref_t <- tight_rma(d, toupper(method), if (hk) "knha" else "t")
        p <- stats::predict(ref_t, pi.type = "riley")
        expect_lt(max(abs(qlogis(got$prediction) - c(p$pi.lb, p$pi.ub))), 1e-8,
                  label = info)
      }
    })
  }
}

test_that("inverse-variance common effect and normal prediction interval", {
  skip_without_metafor()
  for (name in names(pool_reference_sets())) {
    d <- pool_reference_sets()[[name]]
    ref <- metafor::rma.uni(measure = "PLO", xi = d$xi, ni = d$ni, method = "FE")
    got <- pool_proportions(d$xi, d$ni, method = "dl", pi_method = "z")
    expect_lt(abs(got$pooled$logit[2] - ref$beta[1]), 1e-10, label = name)
    expect_lt(abs(got$pooled$se[2] - ref$se), 1e-10, label = name)
    expect_lt(max(abs(100 * got$studies$weight_common - stats::weights(ref))), 1e-8)
    refz <- tight_rma(d, "DL")
    p <- stats::predict(refz)
    expect_lt(max(abs(qlogis(got$prediction) - c(p$pi.lb, p$pi.ub))), 1e-8, label = name)
  }
})

# ---- edges ---------------------------------------------------------------

test_that("no events in any study: 0 with the exact interval of the totals", {
  x <- c(0, 0, 0, 0)
  n <- c(10, 20, 5, 12)
  expect_warning(fit <- pool_proportions(x, n), "No study had an event")
  ref <- stats::binom.test(0, sum(n))$conf.int
  expect_equal(fit$pooled$estimate, c(0, 0))
  expect_equal(fit$pooled$conf_low, c(ref[1], ref[1]))
  expect_equal(fit$pooled$conf_high, c(ref[2], ref[2]), tolerance = 1e-12)
  expect_true(is.na(fit$tau2) && is.na(fit$i2))
  expect_true(all(is.na(fit$prediction)))
  expect_true(any(grepl("tau^2 was not estimated", fit$notes, fixed = TRUE)))
  expect_equal(fit$heterogeneity$statistic[1], 0)
  expect_equal(fit$studies$weight, n / sum(n))
  # inverse variance: the corrected logits, as metafor, and a note
  skip_without_metafor()
  ref <- tight_rma(data.frame(xi = x, ni = n), "REML")
  iv <- pool_proportions(x, n, method = "reml")
  expect_lt(abs(iv$pooled$logit[1] - ref$beta[1]), 1e-8)
  expect_lt(abs(iv$tau2 - ref$tau2), 1e-8)
  expect_true(any(grepl("rests on that correction", iv$notes)))
})

test_that("events in every patient: 1 with the exact interval of the totals", {
  x <- c(10, 20, 5)
  expect_warning(fit <- pool_proportions(x, x), "without the event")
  ref <- stats::binom.test(35, 35)$conf.int
  expect_equal(fit$pooled$estimate, c(1, 1))
  expect_equal(fit$pooled$conf_low, c(ref[1], ref[1]), tolerance = 1e-12)
  expect_equal(fit$pooled$conf_high, c(1, 1))
  skip_without_metafor()
  ref <- tight_rma(data.frame(xi = x, ni = x), "DL")
  iv <- pool_proportions(x, x, method = "dl")
  expect_lt(abs(iv$pooled$logit[1] - ref$beta[1]), 1e-8)
})

test_that("one study: its own proportion; tau^2, I^2 and tests not estimable", {
  expect_warning(fit <- pool_proportions(3, 10, "only"), "Only 1 study")
  ref <- stats::glm(cbind(3, 7) ~ 1, family = stats::binomial)
  expect_equal(fit$pooled$estimate, c(0.3, 0.3))
  expect_equal(fit$pooled$se[1], sqrt(1 / 3 + 1 / 7))
  expect_equal(fit$pooled$se[1], sqrt(stats::vcov(ref)[1, 1]), tolerance = 1e-6)
  expect_true(is.na(fit$tau2) && is.na(fit$i2) && is.na(fit$h2))
  expect_equal(nrow(fit$heterogeneity), 0)
  expect_equal(fit$studies$weight, 1)
  expect_true(any(grepl("at least 3 studies (here 1)", fit$notes, fixed = TRUE)))
  expect_warning(iv <- pool_proportions(3, 10, method = "pm", hk = TRUE), "Only 1 study")
  expect_equal(iv$pooled$logit[1], qlogis(0.3))
  expect_equal(iv$pooled$se[1], sqrt(1 / 3 + 1 / 7))
  expect_true(any(grepl("Hartung-Knapp needs 2 studies", iv$notes)))
  expect_equal(nrow(pool_leave_one_out(fit)), 0)
  # one study with no events: 0 with its exact interval
  expect_warning(zero <- pool_proportions(0, 8), "No study had an event")
  expect_equal(zero$pooled$conf_high[1], stats::binom.test(0, 8)$conf.int[2])
})

test_that("two studies: estimated as usual, no prediction interval", {
  skip_without_metafor()
  d <- pool_reference_sets()$pritz1997[c(4, 6), ]
  ref <- metafor::rma.glmm(measure = "PLO", xi = d$xi, ni = d$ni)
  got <- pool_proportions(d$xi, d$ni)
  expect_lt(abs(got$pooled$logit[1] - ref$beta[1]), 1e-4)
  expect_lt(abs(got$tau2 - ref$tau2), 1e-4)
  expect_true(all(is.na(got$prediction)))
  expect_true(any(grepl("at least 3 studies (here 2)", got$notes, fixed = TRUE)))
  iv <- pool_proportions(d$xi, d$ni, method = "reml", hk = TRUE)
  ref <- tight_rma(d, "REML", "knha")
  expect_lt(abs(qlogis(iv$pooled$conf_high[1]) - ref$ci.ub), 1e-8)
})

test_that("studies of one patient", {
  # every study n = 1: tau^2 is not identifiable, set to 0, common effect
  x <- c(1, 0, 1, 1, 1)
  expect_warning(fit <- pool_proportions(x, rep(1, 5)), "cannot be told apart")
  ref <- stats::glm(cbind(x, 1 - x) ~ 1, family = stats::binomial)
  expect_equal(fit$tau2, 0)
  expect_equal(fit$pooled$estimate[1], 0.8)
  expect_equal(fit$pooled$se[1], sqrt(stats::vcov(ref)[1, 1]), tolerance = 1e-6)
  # n = 1 studies among larger ones: fitted as usual
  skip_without_metafor()
  d <- rbind(pool_reference_sets()$debruin2009[1:6, ],
             data.frame(xi = c(1, 0, 1, 1), ni = 1))
  ref <- metafor::rma.glmm(measure = "PLO", xi = d$xi, ni = d$ni)
  got <- pool_proportions(d$xi, d$ni)
  expect_lt(abs(got$pooled$logit[1] - ref$beta[1]), 1e-4)
  expect_lt(abs(got$tau2 - ref$tau2), 1e-4)
  iv <- pool_proportions(d$xi, d$ni, method = "pm")
  ref <- tight_rma(d, "PM")
  expect_lt(abs(iv$tau2 - ref$tau2), 1e-8)
})

test_that("every study with none or only events: the GLMM stops and says why", {
  expect_snapshot(error = TRUE, pool_proportions(c(0, 5, 0), c(3, 5, 1)))
  fit <- pool_proportions(c(0, 5, 0), c(3, 5, 1), method = "dl")
  expect_equal(fit$k, 3)
})

test_that("non-convergence is a warning that says what to do", {
  x <- c(11, 24, 179, 82, 60, 11, 99, 9, 88)
  n <- c(29, 33, 326, 240, 110, 29, 244, 17, 215)
  expect_warning(fit <- pool_proportions(x, n, control = list(maxit = 1)),
                 "did not converge.*control = list\\(maxit = 4\\)")
  expect_false(fit$fit$converged)
  expect_equal(unname(names(fit$notes)), "warning")
  expect_output(print(summary(fit)), "NOT converged")
  expect_warning(pool_proportions(x, n, method = "reml", control = list(maxit = 1)),
                 "REML did not converge")
})

# ---- inputs --------------------------------------------------------------

test_that("pool_proportions() evaluates x, n and study in data", {
  improved <- subset(nsarc_series, outcome == "improved")
  a <- pool_proportions(events, total, study, data = improved)
  b <- pool_proportions(improved$events, improved$total, improved$study)
  expect_equal(a, b)
  expect_equal(a$studies$study, c("gelfand2017", "fritz2020", "jneurol2017"))
  expect_equal(pool_proportions(c(3, 4), c(10, 12))$studies$study, c("Study 1", "Study 2"))
})

test_that("pool_proportions() rejects bad input naming the argument and study", {
  expect_snapshot(error = TRUE, pool_proportions(c(5, 3), c(4, 10), c("A", "B")))
  expect_snapshot(error = TRUE, pool_proportions(c(1, NA, 3), c(4, 5, 6), c("A", "B", "C")))
  expect_snapshot(error = TRUE, pool_proportions(c(0, 1), c(0, 5)))
  expect_snapshot(error = TRUE, pool_proportions(c(1, 2), c(4, 5), c("A", "A")))
  expect_snapshot(error = TRUE, pool_proportions(c(1, 2), c(4, 5), c("A", NA)))
  expect_snapshot(error = TRUE, pool_proportions(c(1, 2), c(4, 5), "A"))
  expect_snapshot(error = TRUE, pool_proportions(c(1, 2), c(4, 5, 6)))
  expect_snapshot(error = TRUE, pool_proportions(numeric(), numeric()))
  expect_snapshot(error = TRUE, pool_proportions(c(1.5, 2), c(4, 5)))
  expect_snapshot(error = TRUE, pool_proportions("1", 4))
  expect_snapshot(error = TRUE, pool_proportions(1, 4, method = "mh"))
  expect_snapshot(error = TRUE, pool_proportions(1, 4, hk = TRUE))
  expect_snapshot(error = TRUE, pool_proportions(1, 4, method = "dl", hk = NA))
  expect_snapshot(error = TRUE, pool_proportions(1, 4, nagq = 0))
  expect_snapshot(error = TRUE, pool_proportions(1, 4, nagq = 2.5))
  expect_snapshot(error = TRUE, pool_proportions(1, 4, conf_level = 95))
  expect_snapshot(error = TRUE, pool_proportions(1, 4, pi_method = "normal"))
  expect_snapshot(error = TRUE, pool_proportions(1, 4, control = list(tolerance = 1)))
  expect_snapshot(error = TRUE, pool_proportions(1, 4, control = list(maxit = 0)))
  expect_snapshot(error = TRUE, pool_proportions(1, 4, control = 5))
  expect_snapshot(error = TRUE, pool_proportions(events, total, data = list(events = 1)))
  expect_snapshot(error = TRUE, pool_proportions(events, patients, data = nsarc_series))
})

# ---- output --------------------------------------------------------------

test_that("print, format, summary and as.data.frame", {
  improved <- subset(nsarc_series, outcome == "improved")
  fit <- pool_proportions(events, total, study, data = improved)
  expect_snapshot(print(fit))
  expect_snapshot(print(pool_proportions(events, total, study, data = improved,
                                         method = "reml", hk = TRUE), digits = 0))
  # the iteration count depends on the floating-point arithmetic
  expect_snapshot(summary(fit),
                  transform = function(l) sub("in [0-9]+ Newton", "in N Newton", l))
  expect_snapshot(suppressWarnings(print(pool_proportions(c(0, 0), c(4, 9)))))
  f <- format(fit)
  expect_equal(nrow(f), 5)
  expect_equal(f$`x/n`, c("51/66", "14/28", "16/18", "81/112", "81/112"))
  d <- as.data.frame(fit)
  expect_equal(d$type, c("study", "study", "study", "random", "common", "prediction"))
  expect_equal(d$estimate[1:3], improved$events / improved$total)
  expect_equal(d$conf_low[6], fit$prediction[[1]])
  expect_equal(sum(d$weight[d$type == "study"]), 1)
})

test_that("pool_text() writes the sentence", {
  fit <- pool_proportions(c(51, 14, 16), c(66, 28, 18))
  p <- fit$pooled
  expect_equal(pool_text(fit), paste0(
    "pooled ", round(100 * p$estimate[1]), "% (95% CI ", round(100 * p$conf_low[1]),
    "% to ", round(100 * p$conf_high[1]), "%; 3 studies, I^2 ", round(100 * fit$i2), "%)"))
  expect_equal(pool_text(fit), "pooled 73% (95% CI 53% to 87%; 3 studies, I^2 71%)")
  expect_match(pool_text(fit, prediction = TRUE), "95% prediction interval 0% to 100%")
  expect_match(pool_text(fit, model = "common", digits = 1), "^pooled 72.3% \\(95% CI 63.3%")
  expect_match(pool_text(fit, i2_label = "I^2^"), "I\\^2\\^ 71%")
  one <- suppressWarnings(pool_proportions(3, 10))
  expect_equal(pool_text(one), "pooled 30% (95% CI 10% to 62%; 1 study)")
  expect_snapshot(error = TRUE, pool_text(list()))
  expect_snapshot(error = TRUE, pool_text(fit, model = "fixed"))
  expect_snapshot(error = TRUE, pool_text(fit, digits = -1))
})

# ---- pool_cases() ---------------------------------------------------------

nsarc_improved_series <- function() {
  s <- subset(nsarc_series, outcome == "improved")
  data.frame(study = s$study, x = s$events, n = s$total)
}

test_that("pool_cases() pools reports and series as pool_proportions() would", {
  cases <- nsarc_cases
  series <- nsarc_improved_series()
  fit <- pool_cases(cases, response != "none", series = series, leave_one_out = FALSE)
  # by hand: per report, single-case reports as one group
  yes <- tapply(cases$response != "none", factor(cases$report, unique(cases$report)), sum)
  tot <- table(factor(cases$report, unique(cases$report)))
  multi <- tot > 1
  x <- c(yes[multi], sum(yes[!multi]), series$x)
  n <- c(tot[multi], sum(tot[!multi]), series$n)
  study <- c(names(yes)[multi], "Pooled case reports", series$study)
  ref <- pool_proportions(as.vector(x), as.vector(n), study)
  expect_equal(fit$pooled, ref$pooled)
  expect_equal(fit$studies[names(ref$studies)], ref$studies)
  expect_equal(fit$studies$source, rep(c("case reports", "series"), c(sum(multi) + 1, 3)))
  expect_equal(fit$studies$reports, c(rep(1L, sum(multi)), sum(!multi), rep(NA, 3)))
  expect_equal(fit$cases$n_single, sum(!multi))
  expect_s3_class(fit, c("pool_cases", "pool_prop"))

  cl <- pool_cases(cases, response != "none", series = series, single = "cluster",
                   leave_one_out = FALSE)
  ref <- pool_proportions(c(as.vector(yes), series$x), c(as.vector(tot), series$n),
                          c(names(yes), series$study))
  expect_equal(cl$pooled, ref$pooled)
  expect_equal(cl$k, length(yes) + 3)
})

test_that("pool_cases() leaves out cases whose outcome is not reported, and says so", {
  cases <- nsarc_cases
  cases$response[c(2, 5, 9)] <- NA
  fit <- pool_cases(cases, response != "none", leave_one_out = FALSE)
  expect_equal(fit$cases$n_used, 31)
  expect_equal(fit$cases$excluded, cases$case_id[c(2, 5, 9)])
  expect_equal(sum(fit$studies$n), 31)
  expect_match(fit$notes[[1]], "3 of 34 cases did not report the outcome.*rows 2, 5 and 9")
  expect_output(print(fit), "31 of 34 cases reported it")
})

test_that("pool_cases() leave-one-out table equals refits without each study", {
  fit <- pool_cases(nsarc_cases, response != "none", series = nsarc_improved_series())
  loo <- fit$leave_one_out
  expect_equal(loo$omitted, fit$studies$study)
  s <- fit$studies
  for (i in c(1, nrow(s) - 2, nrow(s))) {
    ref <- pool_proportions(s$x[-i], s$n[-i], s$study[-i])
    expect_equal(loo$estimate[i], ref$pooled$estimate[1])
    expect_equal(loo$conf_low[i], ref$pooled$conf_low[1])
    expect_equal(loo$tau2[i], ref$tau2)
  }
  expect_equal(loo$k, rep(fit$k - 1, fit$k))
  expect_output(print(summary(fit)), "Leave one out")
  # refits that cannot be estimated say why
  l2 <- pool_leave_one_out(pool_proportions(c(0, 5, 2), c(3, 5, 4)))
  expect_match(l2$note[3], "Not estimable: Every study has either no events")
  expect_true(is.na(l2$estimate[3]))
})

test_that("pool_cases() with only case reports, and only single cases as clusters", {
  cases <- nsarc_cases[!duplicated(nsarc_cases$report), ]
  expect_warning(fit <- pool_cases(cases, response != "none"), "Only 1 study")
  expect_equal(fit$k, 1)
  expect_equal(fit$studies$study, "Pooled case reports")
  expect_warning(cl <- pool_cases(cases, response != "none", single = "cluster"),
                 "one patient")
  expect_equal(cl$tau2, 0)
  expect_equal(cl$pooled$estimate[1], fit$pooled$estimate[1])
})

test_that("pool_cases() rejects bad input", {
  series <- nsarc_improved_series()
  expect_snapshot(error = TRUE, pool_cases(as.data.frame(nsarc_cases), response != "none"))
  expect_snapshot(error = TRUE, pool_cases(nsarc_cases))
  expect_snapshot(error = TRUE, pool_cases(nsarc_cases, age))
  expect_snapshot(error = TRUE, pool_cases(nsarc_cases, response != "none",
                                           series = subset(nsarc_series, outcome == "improved")))
  bad <- series
  bad$x[2] <- 30
  expect_snapshot(error = TRUE, pool_cases(nsarc_cases, response != "none", series = bad))
  bad <- series
  bad$n[3] <- NA
  expect_snapshot(error = TRUE, pool_cases(nsarc_cases, response != "none", series = bad))
  bad <- series
  bad$study[3] <- "gelfand2017"
  expect_snapshot(error = TRUE, pool_cases(nsarc_cases, response != "none", series = bad))
  bad <- series
  bad$study[1] <- "sim01"
  expect_snapshot(error = TRUE, pool_cases(nsarc_cases, response != "none", series = bad))
  expect_snapshot(error = TRUE, pool_cases(nsarc_cases, response != "none", single = "one"))
  none <- nsarc_cases
  none$response[] <- NA
  expect_snapshot(error = TRUE, pool_cases(none, response != "none"))
  expect_snapshot(error = TRUE, pool_cases(nsarc_cases, response != "none", series = 5))
})

# ---- plots ---------------------------------------------------------------

test_that("the forest plot draws every row", {
  fit <- pool_cases(nsarc_cases, response != "none", series = nsarc_improved_series(),
                    leave_one_out = FALSE)
  path <- tempfile(fileext = ".png")
  grDevices::png(path, width = 900, height = 600)
  rows <- plot(fit, main = "Improvement")
  grDevices::dev.off()
  expect_true(file.exists(path) && file.size(path) > 0)
  expect_equal(rows$type, c(rep("study", fit$k), "random", "common", "prediction"))
  expect_equal(rows$text[fit$k + 1], paste0(
    formatC(100 * fit$pooled$estimate[1], format = "f", digits = 0), "% (",
    formatC(100 * fit$pooled$conf_low[1], format = "f", digits = 0), "% to ",
    formatC(100 * fit$pooled$conf_high[1], format = "f", digits = 0), "%)"))
  grDevices::png(path, width = 900, height = 400)
  one <- suppressWarnings(pool_proportions(0, 8))
  rows <- plot(one, common = FALSE, xlim = c(0, 0.5))
  grDevices::dev.off()
  expect_equal(rows$type, c("study", "random"))
  grDevices::png(path, width = 2, height = 2, units = "in", res = 72)
  expect_error(plot(fit), "device is too small for a forest plot of 13 studies")
  grDevices::dev.off()
  expect_snapshot(error = TRUE, plot(fit, xlim = c(0.5, 0.2)))
  expect_snapshot(error = TRUE, plot(fit, common = "yes"))
  expect_snapshot(error = TRUE, plot(fit, conf.int = FALSE, colour = "red"))
})

test_that("autoplot() gives a ggplot", {
  skip_if_not_installed("ggplot2")
  fit <- pool_proportions(c(51, 14, 16), c(66, 28, 18),
                          c("gelfand2017", "fritz2020", "jneurol2017"))
  g <- ggplot2::autoplot(fit)
  expect_s3_class(g, "ggplot")
  built <- ggplot2::ggplot_build(g)
  expect_equal(length(built$data), 5)
  g2 <- ggplot2::autoplot(pool_proportions(c(5, 7), c(10, 12)), common = FALSE)
  expect_s3_class(g2, "ggplot")
  expect_error(ggplot2::autoplot(fit, colour = "red"), "does not use `colour`")
})

test_that("tidy() and glance() of pooled proportions", {
  fit <- pool_proportions(c(51, 14, 16), c(66, 28, 18), c("a", "b", "c"))
  td <- tidy(fit)
  expect_equal(td$term, c("a", "b", "c", "pooled (random)", "pooled (common)"))
  expect_equal(td$estimate, c(fit$studies$estimate, fit$pooled$estimate))
  expect_equal(td$conf.low[1:3], binom_ci(c(51, 14, 16), c(66, 28, 18))$conf_low)
  expect_equal(sum(td$weight, na.rm = TRUE), 1)
  gl <- glance(fit)
  expect_equal(gl$nobs, 112)
  expect_equal(gl$studies, 3L)
  expect_equal(gl$tau2, fit$tau2)
  expect_error(tidy(fit, conf.int = TRUE), "does not use `conf.int`")
})

test_that("pooled proportions print as a table in R Markdown", {
  skip_if_not_installed("knitr")
  fit <- pool_proportions(c(51, 14, 16), c(66, 28, 18), c("a", "b", "c"))
  out <- knitr::knit_print(fit)
  expect_s3_class(out, "knit_asis")
  expect_match(out, "Pooled proportion: pooled 73%", fixed = TRUE)
  expect_match(out, "|a  ", fixed = TRUE)
  expect_match(out, "|51/66  |77.3% (65.3% to 86.7%)", fixed = TRUE)
})
