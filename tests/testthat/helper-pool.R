# Real data sets shipped with metafor's data package (metadat) that give
# events xi out of ni per study, for the pooling tests.
#   pritz1997      14 studies, two with events in every patient
#   debruin2009    13 studies
#   hannum2020     35 studies, n from 15 to 7178
#   nielweise2007  18 studies (the antibiotic-catheter arm): rare events,
#                  6 studies without any
#   hine1989       6 studies (the treatment arm): homogeneous, tau^2 = 0
pool_reference_sets <- function() {
  get_set <- function(name) getExportedValue("metadat", name)
  niel <- get_set("dat.nielweise2007")
  hine <- get_set("dat.hine1989")
  list(
    pritz1997 = get_set("dat.pritz1997")[, c("xi", "ni")],
    debruin2009 = get_set("dat.debruin2009")[, c("xi", "ni")],
    hannum2020 = get_set("dat.hannum2020")[, c("xi", "ni")],
    nielweise2007 = data.frame(xi = niel$ai, ni = niel$n1i),
    hine1989 = data.frame(xi = hine$ai, ni = hine$n1i)
  )
}

skip_without_metafor <- function() {
  skip_if_not_installed("metafor")
  skip_if_not_installed("metadat")
  skip_if_not_installed("lme4")
}

# metafor's REML and Paule-Mandel stop at a change in tau^2 of 1e-5 (and
# uniroot's tolerance of 1.2e-4) by default; converged tighter here, so
# that the estimators, not the stopping rules, are compared.
tight_rma <- function(d, method, test = "z") {
  metafor::rma.uni(measure = "PLO", xi = d$xi, ni = d$ni, method = method,
                   test = test,
                   control = list(threshold = 1e-13, tol = 1e-13, maxiter = 10000))
}

# One study's log-likelihood under the binomial-normal model, by
# stats::integrate over the random effect: an independent reference for
# the quadrature.
ref_study_loglik <- function(x, n, mu, tau) {
  f <- function(z) stats::dbinom(x, n, stats::plogis(mu + tau * z)) * stats::dnorm(z)
  log(stats::integrate(f, -Inf, Inf, rel.tol = 1e-12, abs.tol = 0)$value)
}

# One study's log-likelihood by the adaptive Gauss-Hermite formula, written
# independently: nodes from the eigenvalues of the Jacobi matrix
# (Golub-Welsch), the mode by uniroot().
ref_gh_rule <- function(m) {
  if (m == 1) return(list(t = 0, w = sqrt(pi)))
  i <- seq_len(m - 1)
  J <- matrix(0, m, m)
  J[cbind(i, i + 1)] <- J[cbind(i + 1, i)] <- sqrt(i / 2)
  e <- eigen(J, symmetric = TRUE)
  list(t = e$values, w = sqrt(pi) * e$vectors[1, ]^2)
}
ref_aghq_loglik <- function(x, n, mu, tau, m) {
  rule <- ref_gh_rule(m)
  sum(mapply(function(x, n) {
    f <- function(z) tau * (x - n * stats::plogis(mu + tau * z)) - z
    z <- if (tau == 0) 0 else stats::uniroot(f, sort(c(tau * (x - n), tau * x)) + c(-1e-8, 1e-8),
                                             tol = 1e-14)$root
    p <- stats::plogis(mu + tau * z)
    s <- 1 / sqrt(1 + tau^2 * n * p * (1 - p))
    zk <- z + sqrt(2) * s * rule$t
    terms <- log(rule$w) + rule$t^2 +
      stats::dbinom(x, n, stats::plogis(mu + tau * zk), log = TRUE) - zk^2 / 2
    top <- max(terms)
    log(sqrt(2) * s) + top + log(sum(exp(terms - top))) - 0.5 * log(2 * pi)
  }, x, n))
}
