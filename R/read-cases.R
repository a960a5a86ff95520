#' @rdname as_cases
#' @param path Path to the extraction sheet: a CSV file with a header line,
#'   or an Excel workbook (`.xlsx`, `.xls`; needs the readxl package). A CSV
#'   whose header has semicolons and no commas is read as semicolon
#'   separated, with decimal commas (as [utils::read.csv2()]). Empty
#'   columns without a name at the end of the sheet (a trailing separator
#'   on every line) are dropped.
#' @param sheet For an Excel workbook: the sheet, by name or number; default
#'   the first.
#' @param ... Further arguments to [utils::read.csv()] (e.g. `sep = ";"`,
#'   `fileEncoding = "latin1"`) or to `readxl::read_excel()` (e.g. `skip`,
#'   `range`).
#' @export
read_cases <- function(path, map = NULL, response_levels = NULL, sheet = NULL, ...) {
  check_string(path, "path")
  if (!file.exists(path)) {
    cp_abort("`path` does not exist: ", dQuote(path, FALSE), ".")
  }
  if (dir.exists(path)) {
    cp_abort("`path` is a folder, not a file: ", dQuote(path, FALSE), ".")
  }
  if (file.size(path) == 0) {
    cp_abort("`path` is an empty file: ", dQuote(path, FALSE), ".")
  }
  excel <- grepl("\\.xlsx?$", path, ignore.case = TRUE)
  data <- if (excel) read_excel_sheet(path, sheet, ...) else read_csv_sheet(path, ...)
  as_cases(drop_trailing_empty(data), map = map, response_levels = response_levels)
}

read_excel_sheet <- function(path, sheet, ...) {
  if (!requireNamespace("readxl", quietly = TRUE)) {
    cp_abort("Reading an Excel workbook needs the readxl package: ",
             "`install.packages(\"readxl\")`, or save the sheet as CSV.")
  }
  data <- tryCatch(
    readxl::read_excel(path, sheet = sheet %||% 1L, ...),
    error = function(e) cp_abort("`path` could not be read as an Excel workbook: ",
                                 conditionMessage(e))
  )
  as.data.frame(data, stringsAsFactors = FALSE, optional = TRUE)
}

read_csv_sheet <- function(path, ...) {
  args <- list(...)
  header <- tryCatch(readLines(path, n = 1L, warn = FALSE), error = function(e) "")
  semicolons <- is.null(args$sep) && length(header) == 1 &&
    grepl(";", header, fixed = TRUE) && !grepl(",", header, fixed = TRUE)
  defaults <- list(file = path, stringsAsFactors = FALSE, check.names = FALSE,
                   na.strings = c("", "NA"), row.names = NULL)
  if (semicolons) defaults <- c(defaults, list(sep = ";", dec = ","))
  args <- c(defaults[setdiff(names(defaults), names(args))], args)
  tryCatch(
    do.call(utils::read.csv, args),
    error = function(e) cp_abort("`path` could not be read as CSV: ",
                                 conditionMessage(e))
  )
}

# Columns at the end without a name and without a value: what a separator
# at the end of every line leaves.
drop_trailing_empty <- function(data) {
  nm <- names(data)
  k <- length(nm)
  while (k > 0 && (is.na(nm[k]) || nm[k] == "" || grepl("^(V|X|\\.\\.\\.)[0-9]+$", nm[k]) &&
                   !any(nm[k] == nm[-k])) && all(is.na(data[[k]]) | data[[k]] %in% "")) {
    k <- k - 1
  }
  data[seq_len(k)]
}
