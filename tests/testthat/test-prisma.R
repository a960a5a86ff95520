counts_of <- function(flow) stats::setNames(flow$boxes$n, flow$boxes$id)

# A full flow with both columns; its numbers worked out by hand:
#   identified 212 + 301 + 4 = 517; removed 158 + 12 = 170; screened 347;
#   excluded 282 -> sought 65; not retrieved 3 -> assessed 62; excluded
#   21 + 12 + 11 = 44 -> 18 included.  Other: 9 + 2 = 11 sought, 11
#   assessed, 3 + 2 = 5 excluded -> 6 included.  18 + 6 = 24 reports: the
#   24 reports of nsarc_cases.
full_flow <- function(...) {
  args <- list(databases = c(MEDLINE = 212, Embase = 301), registers = 4,
               duplicates = 158, automation = 12, records_excluded = 282,
               not_retrieved = 3,
               excluded = c("No individual case data" = 21, "Not infliximab" = 12,
                            "Not neurosarcoidosis" = 11),
               other = c("Citation searching" = 9, Websites = 2),
               other_excluded = c("No individual case data" = 3, "Duplicate report" = 2))
  do.call(prisma_flow, utils::modifyList(args, list(...), keep.null = TRUE))
}

test_that("the counts follow from each other and add up", {
  flow <- full_flow(cases = nsarc_cases)
  n <- counts_of(flow)
  expect_equal(n[["identified"]], 517)
  expect_equal(n[["removed"]], 170)
  expect_equal(n[["screened"]], 347)
  expect_equal(n[["sought"]], 65)
  expect_equal(n[["assessed"]], 62)
  expect_equal(n[["excluded"]], 44)
  expect_equal(n[["other_sought"]], 11)
  expect_equal(n[["other_assessed"]], 11)
  expect_equal(n[["other_excluded"]], 5)
  expect_equal(n[["included"]], 24)
  expect_equal(flow$reports, 24)
  expect_equal(flow$cases, 34)
  # every step: before - removed = after
  expect_equal(n[["identified"]] - n[["removed"]], n[["screened"]])
  expect_equal(n[["screened"]] - n[["records_excluded"]], n[["sought"]])
  expect_equal(n[["sought"]] - n[["not_retrieved"]], n[["assessed"]])
  expect_equal(n[["assessed"]] - n[["excluded"]] + n[["other_assessed"]] - n[["other_excluded"]],
               flow$reports)
  # the same numbers given explicitly are accepted
  same <- full_flow(screened = 347, sought = 65, assessed = 62, other_sought = 11,
                    other_assessed = 11, reports = 24, studies = 22)
  expect_equal(counts_of(same)[names(n) != "included"], n[names(n) != "included"])
  expect_equal(same$studies, 22)
  expect_equal(same$reports, 24)
  # without cases the included are derived
  expect_equal(full_flow()$reports, 24)
  expect_null(full_flow()$cases)
})

test_that("any two counts of a step give the third", {
  a <- prisma_flow(databases = 100, duplicates = 10, records_excluded = 60, excluded = 20)
  b <- prisma_flow(databases = 100, duplicates = 10, sought = 30, excluded = 20)
  c <- prisma_flow(databases = 100, duplicates = 10, screened = 90, sought = 30, excluded = 20)
  expect_equal(counts_of(a), counts_of(b))
  expect_equal(counts_of(a), counts_of(c))
  expect_equal(a$reports, 10)
  # the reports excluded follow from the included reports (shown without reasons)
  d <- prisma_flow(databases = 100, duplicates = 10, records_excluded = 60, reports = 10)
  expect_equal(counts_of(d)[["excluded"]], 20)
  expect_equal(d$excluded, 20)
  e <- full_flow(other_excluded = NULL, reports = 24)
  expect_equal(counts_of(e)[["other_excluded"]], 5)
})

test_that("counts that do not add up are named, all at once", {
  expect_snapshot(error = TRUE, {
    prisma_flow(databases = 100, duplicates = 10, screened = 95, records_excluded = 50,
                excluded = 5, reports = 30)
    prisma_flow(databases = 100, duplicates = 120, records_excluded = 50, excluded = 5)
    prisma_flow(databases = 100, records_excluded = 50, sought = 60, excluded = 5)
    prisma_flow(databases = 100, records_excluded = 50, not_retrieved = 60, excluded = 5)
    prisma_flow(databases = 100, records_excluded = 50, excluded = c(a = 40, b = 20))
    prisma_flow(databases = 100, records_excluded = 50)
    prisma_flow(databases = 100, excluded = 5)
    prisma_flow(databases = 100, records_excluded = 50, excluded = 5, studies = 50)
    full_flow(other_excluded = NULL)
    full_flow(cases = nsarc_cases[1:10, ])
    full_flow(excluded = NULL, other_excluded = NULL, reports = 24)
    prisma_flow(databases = 100, records_excluded = 50, excluded = 5, reports = 60)
  })
  expect_error(full_flow(cases = nsarc_cases[1:10, ]), class = "casepool_error_prisma")
})

test_that("counts and cases are checked before any arithmetic", {
  no_report <- nsarc_cases
  no_report$report[c(3, 5)] <- NA
  expect_snapshot(error = TRUE, {
    prisma_flow()
    prisma_flow(databases = -1)
    prisma_flow(databases = c(MEDLINE = 10, 5))
    prisma_flow(databases = 10, duplicates = 2.5)
    prisma_flow(databases = 10, registers = NA)
    prisma_flow(databases = 10, screened = "8")
    prisma_flow(databases = 10, excluded = c(a = 1, a = 2))
    prisma_flow(databases = c(212, 301), excluded = 1)
    prisma_flow(databases = 10, excluded = c(3, 4))
    prisma_flow(databases = 10, other_excluded = 3, excluded = 1)
    prisma_flow(databases = 10, excluded = 1, cases = no_report)
    prisma_flow(databases = 10, excluded = 1, cases = "cases")
    full_flow(cases = nsarc_cases, reports = 20)
  })
})

test_that("print, format, as.data.frame, tidy, knit_print and prisma_text", {
  flow <- full_flow(cases = nsarc_cases)
  expect_snapshot(print(flow))
  f <- as.data.frame(flow)
  expect_equal(f$n, flow$boxes$n)
  expect_equal(f$detail[f$box == "Reports excluded" & f$source == "other methods"],
               "No individual case data (n = 3); Duplicate report (n = 2)")
  td <- tidy(flow)
  expect_equal(sum(td$n[td$box == "excluded" & !is.na(td$reason)]), 44)
  expect_equal(td$reason[td$box == "other_excluded" & !is.na(td$reason)],
               c("No individual case data", "Duplicate report"))
  expect_equal(
    prisma_text(flow),
    paste("The searches identified 528 records (513 from databases, 4 from registers and",
          "11 by other methods). After 170 were removed before screening, 347 records were",
          "screened and 282 excluded; 76 reports were sought, 3 could not be retrieved, and",
          "73 assessed for eligibility, of which 49 were excluded (no individual case data 24;",
          "not infliximab 12; not neurosarcoidosis 11; duplicate report 2). 24 studies",
          "(24 reports) with 34 cases were included."))
  one <- prisma_flow(databases = 3, records_excluded = 1, excluded = 1)
  expect_equal(prisma_text(one),
               paste("The searches identified 3 records (3 from databases). 3 records were",
                     "screened and 1 excluded; 2 reports were sought, and 2 assessed for",
                     "eligibility, of which 1 was excluded. 1 study (1 report) was included."))
  expect_error(prisma_text(f), "must be a flow from prisma_flow")
  skip_if_not_installed("knitr")
  expect_match(knitr::knit_print(flow), "PRISMA 2020 flow of the review")
})

# Draws the flow on a device `w` x `h` inches and checks the layout there:
# every box inside the plot region and apart from the others, and every
# line of text inside its box at the size used.
check_drawn <- function(flow, w, h, device = "png") {
  path <- tempfile(fileext = paste0(".", device))
  on.exit(unlink(path))
  if (device == "png") {
    grDevices::png(path, width = w, height = h, units = "in", res = 100)
  } else {
    grDevices::pdf(path, width = w, height = h)
  }
  on.exit(grDevices::dev.off(), add = TRUE, after = FALSE)
  lay <- plot(flow)
  pin <- attr(lay, "pin")
  expect_equal(pin, grDevices::dev.size("in") - 0.1 * graphics::par("csi"), tolerance = 1e-6)
  cex <- attr(lay, "cex")
  outside <- lay$id[!(lay$x0 >= 0 & lay$x1 <= pin[1] & lay$y0 >= 0 & lay$y1 <= pin[2])]
  expect_equal(outside, character())
  # each box's text, as this device measures it, inside the box
  overfull <- lay$id[vapply(seq_len(nrow(lay)), function(i) {
    any(graphics::strwidth(lay$lines[[i]], units = "inches", cex = cex) >
          lay$x1[i] - lay$x0[i] - 0.1)
  }, TRUE)]
  expect_equal(overfull, character())
  pairs <- utils::combn(nrow(lay), 2)
  overlap <- apply(pairs, 2, function(p) {
    i <- p[1]
    j <- p[2]
    apart <- lay$x1[i] <= lay$x0[j] || lay$x1[j] <= lay$x0[i] ||
      lay$y1[i] <= lay$y0[j] || lay$y1[j] <= lay$y0[i]
    if (apart) "" else paste(lay$id[i], "and", lay$id[j])
  })
  expect_equal(overlap[overlap != ""], character())
  lay
}

test_that("the diagram renders at 7 inches wide, readable", {
  flow <- full_flow(cases = nsarc_cases)
  lay <- check_drawn(flow, 7, 7.5)
  expect_gte(attr(lay, "cex"), 0.7)
  expect_equal(sort(lay$id), sort(flow$boxes$id))
  # every count appears in its box
  for (id in c("screened", "sought", "assessed", "records_excluded")) {
    expect_true(any(grepl(paste0("(n = ", counts_of(flow)[[id]], ")"),
                          lay$lines[[which(lay$id == id)]], fixed = TRUE)))
  }
  check_drawn(flow, 7, 7.5, device = "pdf")
  # databases and registers only, and a shorter page
  small <- prisma_flow(databases = c(MEDLINE = 212, Embase = 301), duplicates = 158,
                       records_excluded = 290, not_retrieved = 2,
                       excluded = c("No individual case data" = 27, "Not the drug" = 12),
                       cases = nsarc_cases)
  lay2 <- check_drawn(small, 7, 6)
  expect_gte(attr(lay2, "cex"), 0.7)
  # many reasons: the text gets smaller to fit, not cut
  many <- prisma_flow(databases = 400, records_excluded = 300,
                      excluded = stats::setNames(rep(5, 16), paste("Reason number", 1:16)),
                      reports = 20)
  lay3 <- check_drawn(many, 7, 6)
  expect_lt(attr(lay3, "cex"), 0.75)
})

test_that("a device too small for the diagram is an error that says so", {
  flow <- full_flow(cases = nsarc_cases)
  path <- tempfile(fileext = ".png")
  on.exit(unlink(path))
  grDevices::png(path, width = 7, height = 3, units = "in", res = 72)
  expect_error(plot(flow), "does not fit the graphics device \\(7 x 3 inches\\): it needs",
               class = "casepool_error_device")
  grDevices::dev.off()
  grDevices::png(path, width = 3, height = 7, units = "in", res = 72)
  expect_error(plot(flow), "its boxes would be", class = "casepool_error_device")
  grDevices::dev.off()
  expect_error(plot(flow, cex = -1), "`cex` must be a single number")
  expect_error(plot(flow, color = "red"), class = "casepool_error_dots")
})
