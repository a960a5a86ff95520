# TEMPORARY: the onset interface of the second contract on the first
# scanner, until the new scanner lands.  Removed at the merge.
onset_units <- c("days", "infusions", "courses")

onset_scan <- function(x) {
  if (is.factor(x)) x <- as.character(x)
  if (is.logical(x) && all(is.na(x))) x <- as.character(x)
  if (!is.character(x)) {
    cp_abort("`x` must be a character vector of onset phrases, not ",
             describe(x), ".")
  }
  res <- .Call(cp_parse_onset, x)
  data.frame(text = x, lower = res$lower, upper = res$upper,
             unit = onset_units[res$unit],
             from_infusion = ifelse(res$status == 0L, 1, NA_real_),
             status = onset_statuses[res$status + 1L], stringsAsFactors = FALSE)
}

warn_onset <- function(res, rows = NULL, ids = NULL, column = NULL) {
  if (is.null(rows)) rows <- seq_len(nrow(res))
  bad <- rows[res$status[rows] %in% c("unreadable", "vague", "no_response")]
  if (!length(bad)) return(invisible())
  cp_warn(if (!is.null(column)) paste0(column, ": "), "could not read ",
          length(bad), " onset phrase", if (length(bad) > 1) "s", ": ",
          fmt_cases(bad, ids), " (", fmt_values(res$text[bad]), ").",
          class = "casepool_warning_onset")
}
