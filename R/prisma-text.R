# The PRISMA flow (R/prisma.R) as text: the console print and the
# sentence of prisma_text().

#' @export
format.prisma_flow <- function(x, ...) {
  b <- x$boxes
  detail <- vapply(b$detail, function(d) if (length(d)) paste(d, collapse = "; ") else "", "")
  data.frame(source = b$source, stage = b$stage, box = b$box, n = b$n, detail = detail,
             stringsAsFactors = FALSE)
}

#' @export
print.prisma_flow <- function(x, ...) {
  cat("<prisma_flow> PRISMA 2020, new review: ", x$studies, " stud",
      if (x$studies == 1) "y" else "ies", " (", x$reports, " report",
      if (x$reports != 1) "s", ") included",
      if (!is.null(x$cases)) paste0(", ", x$cases, " case", if (x$cases != 1) "s"), "\n",
      sep = "")
  b <- x$boxes
  width <- max(nchar(b$box))
  for (src in unique(b$source)) {
    cat("Identification of studies via ", src, "\n", sep = "")
    rows <- which(b$source == src)
    stage <- ifelse(duplicated(b$stage[rows]), "", b$stage[rows])
    for (k in seq_along(rows)) {
      i <- rows[k]
      cat(sprintf("  %-14s  %-*s %6s\n", stage[k], width, b$box[i], format(b$n[i])))
      for (d in b$detail[[i]]) cat(strrep(" ", 20), d, "\n", sep = "")
    }
  }
  cat("# plot() draws the diagram; prisma_text() writes it as a sentence\n")
  invisible(x)
}

#' The PRISMA flow as a sentence
#'
#' Writes the counts of a [prisma_flow()] as one paragraph for the methods
#' or results of a manuscript.
#'
#' @param x A flow from [prisma_flow()].
#' @returns A single string.
#' @family appraisal
#' @export
#' @examples
#' flow <- prisma_flow(databases = c(MEDLINE = 212, Embase = 301), duplicates = 158,
#'                     records_excluded = 290, excluded = c("No case data" = 41),
#'                     cases = nsarc_cases)
#' prisma_text(flow)
prisma_text <- function(x) {
  if (!inherits(x, "prisma_flow")) {
    cp_abort("`x` must be a flow from prisma_flow(), not ", describe(x), ".")
  }
  n <- stats::setNames(x$boxes$n, x$boxes$id)
  get <- function(id) if (id %in% names(n)) n[[id]] else 0
  count <- function(k, one, many = paste0(one, "s")) paste(k, if (k == 1) one else many)
  were <- function(k) if (k == 1) " was" else " were"
  src <- c(paste(sum(x$databases), "from databases"),
           if (sum(x$registers) > 0) paste(sum(x$registers), "from registers"),
           if (!is.null(x$other)) paste(sum(x$other), "by other methods"))
  named <- c(if (!is.null(names(x$excluded))) x$excluded,
             if (!is.null(names(x$other_excluded))) x$other_excluded)
  reasons <- ""
  if (length(named)) {
    named <- tapply(named, factor(names(named), levels = unique(names(named))), sum)
    reasons <- paste0(" (", paste0(tolower(substr(names(named), 1, 1)), substring(names(named), 2),
                                   " ", named, collapse = "; "), ")")
  }
  identified <- get("identified") + get("other_identified")
  sought <- get("sought") + get("other_sought")
  not_retrieved <- get("not_retrieved") + get("other_not_retrieved")
  assessed <- get("assessed") + get("other_assessed")
  excluded <- get("excluded") + get("other_excluded")
  paste0(
    "The searches identified ", count(identified, "record"), " (", fmt_list(src), "). ",
    if (get("removed") > 0) paste0("After ", get("removed"), " were removed before screening, "),
    count(get("screened"), "record"), were(get("screened")), " screened and ",
    get("records_excluded"), " excluded; ", count(sought, "report"), were(sought), " sought",
    if (not_retrieved > 0) paste0(", ", not_retrieved, " could not be retrieved,") else ",",
    " and ", assessed, " assessed for eligibility, of which ", excluded, were(excluded),
    " excluded", reasons, ". ",
    count(x$studies, "study", "studies"), " (", count(x$reports, "report"), ")",
    if (!is.null(x$cases)) paste0(" with ", count(x$cases, "case")), were(x$studies),
    " included."
  )
}
