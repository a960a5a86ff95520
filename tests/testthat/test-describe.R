random_table <- function(n, seed) {
  set.seed(seed)
  d <- data.frame(
    case_id = sprintf("R%03d", seq_len(n)),
    age = round(rnorm(n, 45, 14)),
    dose = sample(c(3, 5, 7.5, 10, NA), n, TRUE),
    stopped = sample(c(TRUE, FALSE, NA), n, TRUE),
    relapse = sample(c("yes", "no", "unknown", ""), n, TRUE),
    site = factor(sample(c("brain", "spine", NA), n, TRUE),
                  levels = c("optic", "brain", "spine", "nerve")),
    sex = sample(c("F", "M", NA), n, TRUE),
    g = factor(sample(c("a", "b", NA), n, TRUE), levels = c("a", "b", "c")),
    stringsAsFactors = FALSE
  )
  d$age[sample(n, n %/% 5)] <- NA
  d
}

# Naive statistics: median(), quantile(type = 7) and counts, group by group.
naive_number <- function(x, keep) {
  v <- x[keep & !is.na(x)]
  if (!length(v)) return(c(sum(keep), 0, rep(NA, 5)))
  q <- stats::quantile(v, c(0.25, 0.75), type = 7, names = FALSE)
  c(sum(keep), length(v), min(v), q[1], stats::median(v), q[2], max(v))
}

test_that("Table 1 statistics equal naive ones on random data with NAs and empty levels", {
  for (seed in 1:4) {
    d <- random_table(60 + 17 * seed, seed)
    tab <- describe_cases(d, age, dose, stopped, relapse, site, sex, by = g)
    x <- as.data.frame(tab)
    groups <- list(Overall = rep(TRUE, nrow(d)), a = d$g %in% "a", b = d$g %in% "b",
                   c = d$g %in% "c", `NA` = is.na(d$g))
    expect_equal(levels(x$group), c("Overall", "a", "b", "c", NA))
    for (k in seq_along(groups)) {
      keep <- groups[[k]]
      for (v in c("age", "dose")) {
        got <- x[x$variable == v & as.integer(x$group) == k, ]
        expect_equal(unlist(got[c("n", "n_reported", "min", "q1", "median", "q3", "max")],
                            use.names = FALSE), naive_number(d[[v]], keep))
      }
      got <- x[x$variable == "stopped" & as.integer(x$group) == k, ]
      expect_equal(got$count, sum(d$stopped[keep] %in% TRUE))
      expect_equal(got$n_reported, sum(!is.na(d$stopped[keep])))
      # text yes/no: "unknown" and "" are not reported
      got <- x[x$variable == "relapse" & as.integer(x$group) == k, ]
      expect_equal(got$type, "yes/no")
      expect_equal(got$count, sum(d$relapse[keep] == "yes"))
      expect_equal(got$n_reported, sum(d$relapse[keep] %in% c("yes", "no")))
      # factor levels in their order, empty ones kept
      got <- x[x$variable == "site" & as.integer(x$group) == k, ]
      expect_equal(got$level, levels(d$site))
      expect_equal(got$count, as.vector(table(d$site[keep])))
      rep <- sum(!is.na(d$site[keep]))
      expect_equal(got$prop, if (rep) as.vector(table(d$site[keep])) / rep else rep(NA_real_, 4))
      got <- x[x$variable == "sex" & as.integer(x$group) == k, ]
      expect_equal(got$level, c("F", "M"))
      expect_equal(got$count, c(sum(d$sex[keep] %in% "F"), sum(d$sex[keep] %in% "M")))
      expect_equal(unique(got$n), sum(keep))
    }
  }
})

test_that("without by there is one column of all cases", {
  d <- random_table(50, 9)
  x <- as.data.frame(describe_cases(d, "age", c("stopped", "site")))
  expect_false("group" %in% names(x))
  expect_equal(unique(x$variable), c("age", "stopped", "site"))
  expect_equal(unlist(x[1, c("n", "n_reported", "min", "q1", "median", "q3", "max")],
                      use.names = FALSE), naive_number(d$age, rep(TRUE, 50)))
  expect_equal(x$count[x$variable == "site"], as.vector(table(d$site)))
  cols <- c("sex", "age")
  expect_equal(unique(describe_cases(d, cols)$variable), c("sex", "age"))
})

test_that("labels, defaults and the columns left out", {
  x <- describe_cases(nsarc_cases, "Age, years" = age, sex)
  expect_equal(unique(x$label), c("Age, years", "sex"))
  expect_equal(unique(x$variable), c("age", "sex"))
  x <- describe_cases(nsarc_cases)
  expect_false(any(c("case_id", "report", "onset", casepool:::derived_columns) %in% x$variable))
  expect_true(all(c("response", "stopped", "age", "site") %in% x$variable))
  # the by column is not described by default
  x <- describe_cases(nsarc_cases, by = site)
  expect_false("site" %in% x$variable)
  # free text and dates are left out of the default, and named
  d <- data.frame(id = sprintf("P%02d", 1:20), when = as.Date("2020-01-01") + 1:20,
                  age = 21:40, stringsAsFactors = FALSE)
  x <- describe_cases(d)
  expect_equal(unique(x$variable), "age")
  expect_equal(attr(x, "skipped"), c(id = "free text", when = "not yes/no, numbers or categories"))
  # doses sort by their numbers
  x <- describe_cases(nsarc_cases, dose)
  expect_equal(x$level, c("3.0 mg/kg", "5.0 mg/kg", "7.5 mg/kg", "10.0 mg/kg"))
})

test_that("the reported counts agree with completeness()", {
  x <- describe_cases(nsarc_cases, stopped, followup, response, age)
  comp <- completeness(nsarc_cases)
  for (v in unique(x$variable)) {
    expect_equal(x$n_reported[x$variable == v][1], comp$n_reported[comp$column == v])
  }
})

test_that("p-values are those of compare_cases(), fisher.test and kruskal.test", {
  x <- describe_cases(nsarc_cases, age, sex, stopped, response, by = site, p_value = TRUE)
  p <- tapply(x$p_value, x$variable, unique)
  expect_equal(p[["age"]], stats::kruskal.test(nsarc_cases$age, factor(nsarc_cases$site))$p.value)
  expect_equal(p[["sex"]], stats::fisher.test(table(nsarc_cases$site, nsarc_cases$sex))$p.value,
               tolerance = 1e-10)
  ok <- !is.na(nsarc_cases$stopped)
  expect_equal(p[["stopped"]], stats::fisher.test(table(nsarc_cases$site[ok],
                                                        nsarc_cases$stopped[ok]))$p.value,
               tolerance = 1e-10)
  expect_equal(p[["response"]], compare_cases(nsarc_cases, response, by = site)$test$p_value)
  expect_equal(unique(x$test[x$variable == "age"]), "Kruskal-Wallis rank sum test")
})

test_that("sentences for inline R Markdown", {
  tab <- describe_cases(nsarc_cases, age, sex, stopped)
  age <- nsarc_cases$age
  q <- stats::quantile(age, c(0.25, 0.75), names = FALSE)
  expect_equal(unname(describe_text(tab, "age", unit = "years")),
               paste0("median age ", stats::median(age), " years (IQR ",
                      formatC(q[1], format = "fg", digits = 3), " to ", q[2],
                      "; reported in 34 of 34)"))
  st <- nsarc_cases$stopped
  expect_equal(describe_text(tab, "stopped"),
               c(stopped = paste0(sum(st, na.rm = TRUE), " of ", sum(!is.na(st)), " (",
                                  round(100 * mean(st, na.rm = TRUE)), "%; reported in ",
                                  sum(!is.na(st)), " of 34)")))
  expect_named(describe_text(tab, "sex"), c("sex: F", "sex: M"))
  expect_length(describe_text(tab), 4)
  tab <- describe_cases(nsarc_cases, age, by = sex)
  expect_named(describe_text(tab, group = "F"), "age: F")
  expect_snapshot(describe_text(tab))
  d <- data.frame(x = c(NA_real_, NA), y = c(NA, NA))
  expect_snapshot(describe_text(describe_cases(d)))
})

test_that("edge cases: no cases, nothing reported, one case", {
  d <- data.frame(age = numeric(), sex = character(), stringsAsFactors = FALSE)
  x <- describe_cases(d)
  expect_equal(x$n_reported, c(0, 0))
  expect_true(is.na(x$median[1]))
  d <- data.frame(age = 50, sex = "F", stringsAsFactors = FALSE)
  x <- describe_cases(d)
  expect_equal(x$median[1], 50)
  expect_equal(x$q1[1], 50)
  expect_equal(x$count[2], 1)
  d <- data.frame(age = c(NA_real_, NA), sex = c("unknown", NA), s = factor(c(NA, "NR")),
                  stringsAsFactors = FALSE)
  x <- describe_cases(d)
  expect_equal(x$n_reported, c(0, 0, 0))
  expect_snapshot(print(x))
})

test_that("describe_cases prints, formats and converts", {
  tab <- describe_cases(nsarc_cases, age, sex, stopped, response)
  expect_snapshot(print(tab))
  tab <- describe_cases(nsarc_cases, age, sex, stopped, by = sex, p_value = TRUE)
  expect_snapshot(print(tab))
  f <- format(tab)
  expect_equal(names(f), c("characteristic", "Overall (n = 34)", "F (n = 19)",
                           "M (n = 15)", "p"))
  expect_s3_class(as.data.frame(tab), "data.frame")
  expect_false(inherits(as.data.frame(tab), "case_describe"))
  skip_if_not_installed("knitr")
  md <- knitr::knit_print(tab)
  expect_match(as.character(md), "Overall (n = 34)", fixed = TRUE)
})

test_that("describe_cases rejects bad input with clear errors", {
  d <- data.frame(case_id = c("A", "B", "C"), x = c(1, -Inf, 3),
                  when = as.Date("2020-01-01") + 0:2, g = c("a", "b", "b"))
  expect_snapshot(error = TRUE, describe_cases(list(a = 1)))
  expect_snapshot(error = TRUE, describe_cases(d, y))
  expect_snapshot(error = TRUE, describe_cases(d, x, x))
  expect_snapshot(error = TRUE, describe_cases(d, x + 1))
  expect_snapshot(error = TRUE, describe_cases(d, when))
  expect_snapshot(error = TRUE, describe_cases(d, x))
  expect_snapshot(error = TRUE, describe_cases(d, g, p_value = TRUE))
  expect_snapshot(error = TRUE, describe_cases(d, g, p_value = NA))
  expect_snapshot(error = TRUE, describe_cases(d, g, by = site))
  expect_snapshot(error = TRUE, describe_cases(d, label = c("g", "case_id")))
  tab <- describe_cases(d, g)
  expect_snapshot(error = TRUE, describe_text(d))
  expect_snapshot(error = TRUE, describe_text(tab, "age"))
  expect_snapshot(error = TRUE, describe_text(tab, group = "a"))
  expect_snapshot(error = TRUE, describe_text(tab, digits = 0))
})

test_that("tidy, glance and knit_print of a Table 1", {
  d <- random_table(70, 11)
  tab <- describe_cases(d, age, stopped, site, by = g, p_value = TRUE)
  td <- tidy(tab)
  expect_equal(nrow(td), nrow(tab))
  expect_equal(levels(td$group), c("Overall", "a", "b", "c", NA))
  age <- td[td$variable == "age", ]
  for (k in seq_len(nrow(age))) {
    keep <- switch(as.integer(age$group[k]), rep(TRUE, 70), d$g %in% "a", d$g %in% "b",
                   d$g %in% "c", is.na(d$g))
    v <- d$age[keep & !is.na(d$age)]
    expect_equal(age$estimate[k], if (length(v)) stats::median(v) else NA_real_)
    expect_equal(age$n.reported[k], length(v))
  }
  site <- td[td$variable == "site" & td$group %in% "Overall", ]
  expect_equal(site$level, levels(d$site))
  expect_equal(site$estimate, as.vector(table(d$site)) / sum(!is.na(d$site)))
  use <- !is.na(d$stopped) & !is.na(d$g)
  expect_equal(unique(td$p.value[td$variable == "stopped"]),
               stats::fisher.test(table(droplevels(d$g[use]), d$stopped[use]))$p.value,
               tolerance = 1e-10)
  gl <- glance(tab)
  expect_equal(c(gl$nobs, gl$characteristics, gl$groups), c(70, 3, 4))
  expect_equal(gl$by, "g")
  expect_snapshot(error = TRUE, tidy(tab, conf.level = 0.9))
  skip_if_not_installed("knitr")
  old <- options(knitr.table.format = "pipe")
  on.exit(options(old))
  md <- strsplit(as.character(knitr::knit_print(tab)), "\n")[[1]]
  expect_true(any(grepl("Characteristics of the 70 cases by g", md, fixed = TRUE)))
  rows <- grep("^\\|", md, value = TRUE)
  rows <- rows[!grepl("^\\|[-:| ]+\\|$", rows)]
  cells <- do.call(rbind, lapply(strsplit(rows, "\\|"), function(r) trimws(r[-1])))
  f <- format(tab)
  expect_equal(cells[1, ], names(f))
  expect_equal(gsub("\u00a0", "", cells[-1, 1]), trimws(f[[1]]))
  expect_equal(unname(cells[-1, -1, drop = FALSE]), unname(trimws(as.matrix(f[-1]))))
  # the denominators: a "reported" row per characteristic, "k of n"
  rep_rows <- cells[cells[, 1] == gsub(" ", "\u00a0", "  reported", fixed = TRUE) |
                      grepl("reported$", cells[, 1]), , drop = FALSE]
  expect_equal(nrow(rep_rows), 3)
  expect_equal(rep_rows[1, 2], paste(sum(!is.na(d$age)), "of 70"))
})
