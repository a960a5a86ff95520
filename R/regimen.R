#' Regimens: when each infusion was given
#'
#' A regimen turns infusion numbers into days since the first infusion (day
#' 0) and back. `regimen()` makes one from its text, or from induction weeks
#' and a maintenance interval; `read_regimen()` reads a column of regimens
#' (a case table's `regimen`) and says how it read each one.
#'
#' @section The grammar:
#' A regimen is read from text, in any letter case, with doses and other
#' words around it:
#'
#' | regimen | infusion days |
#' |---|---|
#' | "weeks 0, 2, 6 then every 8 weeks", "at 0, 2 and 6 weeks, maintenance every 8 weeks", "weeks 0, 2, 6, q8w thereafter" | 0, 14, 42, 98, 154, ... |
#' | "every 4 weeks", "q4w", "4-weekly", "monthly", "every other week", "once a month" | 0, 28, 56, ... (monthly: every 365.25 / 12 days) |
#' | "weekly x4", "375 mg/m2 weekly for 4 weeks", "4 weekly infusions", "days 1, 8, 15 and 22" | 0, 7, 14, 21 |
#' | "1 g on days 1 and 15", "1 g x2, 2 weeks apart", "two 1 g infusions 2 weeks apart" | 0, 14 |
#' | "days 1 and 15, repeated every 6 months" | a course of two: 0, 14, 182.6, 196.6, ... |
#' | "every 3 weeks for 6 cycles", "750 mg/m2 monthly x 6" | six infusions, 21 (a month) apart |
#' | "0.4 g/kg/day for 5 days every 4 weeks", "2 g/kg over 5 days every 4 weeks" | a course of five daily infusions: 0-4, 28-32, ... |
#' | "single dose", "once", "a single 1 g infusion" | 0 |
#'
#' Listed days count from day 1 ("days 1 and 15" are days 0 and 14) unless
#' the list starts at 0; listed weeks and months from week (month) 0, or 1
#' when the list starts at 1. A list followed by an interval must say how
#' it goes on: "then every" (single infusions after the last listed one) or
#' "repeated every" (the whole course again). Counts are "x4", "4 doses",
#' "4 times", "for 6 cycles", "twice", or a duration that is a whole number
#' of intervals ("weekly for 4 weeks"); without a count a regimen with an
#' interval goes on for as long as the case's `n_infusions` says. A course
#' is its listed days, or the days of "for/over N days" with a daily dose;
#' a regimen without listed days has courses of one infusion.
#'
#' The first dose in the text ("5 mg/kg", "375 mg/m2", "1 g") is kept as
#' the regimen's dose, in mg, mg/kg or mg/m2. Every number in the text must
#' be read by some rule; text the grammar does not read (an interval range
#' "every 4-8 weeks", "biweekly", "twice weekly", an interval without a
#' count or a list without an interval, a number left over) is an error
#' that says why, never a guess. Numbers glued to a name ("CD20", "IL-6")
#' are part of the name.
#'
#' @param schedule A single string in the grammar below.
#' @param induction_weeks,every_weeks Instead of `schedule`: the weeks of
#'   the first infusions (0 first, increasing) and the interval in weeks
#'   after the last of them (`NA` for none); `regimen(induction_weeks =
#'   c(0, 2, 6), every_weeks = 8)` is "weeks 0, 2, 6 then every 8 weeks".
#' @returns `regimen()`: an object of class `"regimen"` with `format()` and
#'   `print()` methods: a list with `text`, `days` (of the first course, or
#'   the listed infusions), `every` (days; `NA` none), `repeats`
#'   (`"course"` or `"after the last"`), `infusions` (in all; `Inf`
#'   unbounded), `course_size`, `dose` and `dose_unit`.
#' @family regimens
#' @export
#' @examples
#' regimen("weeks 0, 2, 6 then every 8 weeks")
#' regimen("375 mg/m2 weekly x4")
#' regimen("1 g on days 1 and 15, repeated every 6 months")
#' regimen(induction_weeks = c(0, 2, 6), every_weeks = 4)
#' read_regimen(c("q4w", "single dose", "every 4-8 weeks", NA))
regimen <- function(schedule = NULL, induction_weeks = NULL, every_weeks = NA) {
  if (!is.null(schedule)) {
    if (!is.null(induction_weeks)) {
      cp_abort("Give `schedule` or `induction_weeks`, not both.")
    }
    check_string(schedule, "schedule")
    tab <- read_regimens(schedule)
    if (tab$status != 0L) {
      cp_abort("`schedule` could not be read: ", dQuote(schedule, FALSE), ": ",
               regimen_problem(tab$status), ".")
    }
    return(regimen_from_table(tab, 1L, schedule))
  }
  if (is.null(induction_weeks)) {
    cp_abort("Give the regimen as text, e.g. `regimen(\"every 4 weeks\")`, or ",
             "as `induction_weeks` and `every_weeks`; there is no default ",
             "schedule.")
  }
  if (!is.numeric(induction_weeks) || !length(induction_weeks) ||
      anyNA(induction_weeks) || any(!is.finite(induction_weeks))) {
    cp_abort("`induction_weeks` must be finite numbers, not ",
             describe(induction_weeks), ".")
  }
  if (induction_weeks[1] != 0 || any(diff(induction_weeks) <= 0) ||
      any(induction_weeks > 5218)) {
    cp_abort("`induction_weeks` must start at 0 (the first infusion) and ",
             "increase, within 100 years, not ",
             paste(format_num(induction_weeks), collapse = ", "), ".")
  }
  if (!(length(every_weeks) == 1 && (is.na(every_weeks) ||
        (is.numeric(every_weeks) && every_weeks >= 1 / 168 && every_weeks <= 5218)))) {
    cp_abort("`every_weeks` must be a single number of weeks, from an hour to 100 years, or NA, not ",
             describe(every_weeks), ".")
  }
  text <- paste0("weeks ", paste(format_num(induction_weeks), collapse = ", "),
                 if (!is.na(every_weeks)) paste0(" then every ", format_num(every_weeks), " weeks"))
  m <- length(induction_weeks)
  tab <- list(status = 0L, every = 7 * as.double(every_weeks), mode = 1L,
              max_inf = if (is.na(every_weeks)) as.double(m) else Inf,
              dose = NA_real_, dose_unit = 0L, start = c(0L, m),
              days = 7 * as.double(induction_weeks))
  regimen_from_table(tab, 1L, text)
}

dose_units <- c("mg/kg", "mg/m2", "mg")

regimen_from_table <- function(tab, i, text) {
  days <- tab$days[seq.int(tab$start[i] + 1L, length.out = tab$start[i + 1L] - tab$start[i])]
  mode <- tab$mode[i]
  structure(list(text = text, days = days, every = tab$every[i],
                 repeats = if (mode == 0L) "course" else "after the last",
                 infusions = tab$max_inf[i],
                 course_size = if (mode == 0L) length(days) else 1L,
                 dose = tab$dose[i],
                 dose_unit = if (tab$dose_unit[i] > 0L) dose_units[tab$dose_unit[i]] else NA_character_),
            class = "regimen")
}

#' @export
format.regimen <- function(x, ...) {
  d <- function(v) format(round(v, 1), trim = TRUE)
  days <- fmt_list(d(x$days))
  n <- x$infusions
  txt <- if (is.na(x$every)) {
    paste0("infusion", if (length(x$days) > 1) "s", " on day", if (length(x$days) > 1) "s",
           " ", days)
  } else if (x$repeats == "course" && length(x$days) > 1) {
    paste0("a course on days ", days, ", repeated every ", d(x$every), " days")
  } else if (x$repeats == "course") {
    paste0("an infusion every ", d(x$every), " days")
  } else {
    paste0("infusions on days ", days, ", then every ", d(x$every), " days")
  }
  if (is.finite(n) && !is.na(x$every)) txt <- paste0(txt, ", ", n, " in all")
  if (!is.na(x$dose)) txt <- paste0(txt, "; ", format(x$dose), " ", x$dose_unit)
  txt
}

#' @export
print.regimen <- function(x, ...) {
  cat("<regimen> ", dQuote(x$text, FALSE), ": ", format(x), "\n", sep = "")
  invisible(x)
}

#' @rdname regimen
#' @param x For `read_regimen()`: a character vector of regimens.
#' @returns `read_regimen()`: a data frame with one row per element of `x`:
#'   `text`, `days` (the first listed days, as text), `every` (days),
#'   `repeats`, `infusions`, `course_size`, `dose`, `dose_unit` and
#'   `problem` (`NA` when read, "not reported", or why it could not be
#'   read).
#' @export
read_regimen <- function(x) {
  if (is.factor(x)) x <- as.character(x)
  if (is.logical(x) && all(is.na(x))) x <- as.character(x)
  if (!is.character(x)) {
    cp_abort("`x` must be a character vector of regimens, not ", describe(x), ".")
  }
  u <- unique(x)
  tab <- read_regimens(u)
  ok <- tab$status == 0L
  first <- rep(NA_character_, length(u))
  for (i in which(ok)) {
    days <- tab$days[seq.int(tab$start[i] + 1L, length.out = tab$start[i + 1L] - tab$start[i])]
    first[i] <- paste(format_num(round(days, 2)), collapse = ", ")
  }
  unit <- ifelse(tab$dose_unit > 0L, dose_units[pmax(tab$dose_unit, 1L)], NA)
  out <- data.frame(text = u, days = first, every = ifelse(ok, tab$every, NA),
                    repeats = ifelse(ok & !is.na(tab$every),
                                     ifelse(tab$mode == 0L, "course", "after the last"), NA),
                    infusions = ifelse(ok, tab$max_inf, NA),
                    course_size = ifelse(ok, ifelse(tab$mode == 0L, diff(tab$start), 1L), NA),
                    dose = tab$dose, dose_unit = unit,
                    problem = ifelse(ok, NA, regimen_problem(tab$status)),
                    stringsAsFactors = FALSE)
  out <- out[match(x, u), , drop = FALSE]
  rownames(out) <- NULL
  out
}

# The C reader, on the distinct texts only.
read_regimens <- function(x) {
  .Call(cp_read_regimen, enc2utf8(as.character(x)))
}

# Why a regimen (or dose, or follow-up) could not be read, by status code
# (enum cp_qscan_status in src/qscan.h).
qscan_problems <- c(
  "not reported",
  "no schedule, dose or duration found in it",
  "it gives a range where one value is needed; give the case's own",
  "a number is negative, too large or has more digits than can be kept",
  "a dose needs its unit, e.g. \"5 mg/kg\", \"375 mg/m2\" or \"1 g\"",
  paste0("no schedule: give an interval (\"every 4 weeks\"), a count ",
         "(\"single dose\") or the days (\"days 1 and 15\")"),
  paste0("listed days and an interval: write \"then every ...\" (single ",
         "infusions after the last listed one) or \"repeated every ...\" ",
         "(the whole course again)"),
  "listed days must start at the first infusion (day 1, or day, week or month 0) and increase",
  "several doses but no interval between them",
  "two intervals, two doses or counts that disagree",
  "the duration is not a whole number of intervals; give the count, e.g. \"x4\"",
  "the course lasts longer than the interval between courses",
  paste0("\"biweekly\", \"bimonthly\" and \"twice weekly\" are ambiguous or ",
         "more than one dose per interval; write e.g. \"every 2 weeks\""),
  "fewer doses than listed days",
  "a number in it is read by no rule of the grammar (see ?regimen)",
  paste0("a comma before three digits (\"1,000\") could be a thousands ",
         "separator or a decimal comma; write 1000 or 1.0"),
  paste0("a count of cycles after listed days is ambiguous; give the ",
         "infusions in all, e.g. \"x8\"")
)

regimen_problem <- function(status) c(NA, qscan_problems)[status + 1L]

# A regimen argument: NULL, a regimen() or a string in the grammar.
as_regimen <- function(x, arg = "regimen") {
  if (is.null(x) || inherits(x, "regimen")) return(x)
  if (is.character(x) && length(x) == 1 && !is.na(x)) {
    return(tryCatch(regimen(x), casepool_error = function(e) {
      cp_abort("`", arg, "` could not be read: ", dQuote(x, FALSE), ": ",
               sub('^.*?: "[^"]*": ', "", conditionMessage(e)))
    }))
  }
  cp_abort("`", arg, "` must be a regimen() or a single string such as ",
           "\"every 4 weeks\", not ", describe(x), ".")
}

# The regimen table that C reads (see src/regimen.c) for per-element
# regimen texts (NA: none) and a default for the elements without one.
# Returns list(table, idx, status, source): idx the 1-based row of each
# element (NA: none), status the reader's status of its own text (NA when
# it has none), source "case", "argument" or NA.
regimen_index <- function(texts, default = NULL) {
  texts <- as.character(texts)
  u <- unique(texts[!is.na(texts)])
  tab <- read_regimens(u)
  pos <- match(texts, u)
  status <- tab$status[pos]
  idx <- ifelse(status %in% 0L, pos, NA_integer_)
  table <- list(start = tab$start, days = tab$days, every = tab$every,
                mode = tab$mode, max_inf = tab$max_inf)
  source <- ifelse(is.na(idx), NA_character_, "case")
  if (!is.null(default)) {
    none <- is.na(idx) & !(status %in% 2:99)
    table$start <- c(table$start, table$start[length(table$start)] + length(default$days))
    table$days <- c(table$days, default$days)
    table$every <- c(table$every, default$every)
    table$mode <- c(table$mode, if (default$repeats == "course") 0L else 1L)
    table$max_inf <- c(table$max_inf, as.double(default$infusions))
    idx[none] <- length(u) + 1L
    source[none] <- "argument"
  }
  table$start <- as.integer(table$start)
  table$mode <- as.integer(table$mode)
  list(table = table, idx = as.integer(idx), status = status, source = source)
}

# A regimen argument for n elements: one regimen for all, or a character
# vector of one per element.
regimen_arg_index <- function(regimen, n) {
  if (missing(regimen) || is.null(regimen)) {
    cp_abort("`regimen` is required: give the schedule, e.g. ",
             "`regimen = \"every 4 weeks\"` or `regimen(\"weekly x4\")`; ",
             "there is no default schedule.")
  }
  if (is.character(regimen) && length(regimen) > 1) {
    if (length(regimen) != n) {
      cp_abort("`regimen` must be one regimen or one per element (", n,
               "), not ", length(regimen), ".")
    }
    ri <- regimen_index(regimen)
    bad <- which(!ri$status %in% 0L)
    if (length(bad)) {
      cp_abort("`regimen` could not be read at position", if (length(bad) > 1) "s",
               " ", fmt_list(bad), ": ", regimen_problem(ri$status[bad[1]]) %|% "missing", ".")
    }
    return(ri)
  }
  regimen_index(rep(NA_character_, 1), as_regimen(regimen))
}

`%|%` <- function(a, b) if (is.na(a)) b else a

#' Infusion days and infusions received
#'
#' `infusion_day()` gives the day (since the first infusion, day 0) of
#' infusion `k`; `infusions_by_day()` the number of infusions given on or
#' before day `d`. Both are computed in C and vectorised.
#'
#' @param k Numeric vector of infusion numbers (1 is the first); `NA` gives
#'   `NA`, as does a `k` past the last infusion of the regimen.
#' @param d Numeric vector of days since the first infusion; `NA` gives `NA`.
#' @param regimen The schedule: a [regimen()], a string in its grammar
#'   ("every 4 weeks"), or a character vector with one regimen per element
#'   of `k` or `d`. Required: there is no default schedule.
#' @returns A numeric vector of days, or of counts of infusions (at most the
#'   regimen's infusions in all).
#' @family regimens
#' @export
#' @examples
#' infusion_day(1:5, "weeks 0, 2, 6 then every 8 weeks")    # 0 14 42 98 154
#' infusion_day(c(4, 4), c("every 4 weeks", "every 8 weeks"))  # 84 168
#' infusions_by_day(c(0, 20, 100), "weekly x4")                # 1 3 4
infusion_day <- function(k, regimen) {
  if (is.logical(k) && all(is.na(k))) k <- as.double(k)
  if (!is.numeric(k)) cp_abort("`k` must be numeric, not ", describe(k), ".")
  bad <- which(!is.na(k) & (k < 1 | k != round(k) | !is.finite(k)))
  if (length(bad)) {
    cp_abort("`k` must hold whole numbers >= 1: position",
             if (length(bad) > 1) "s", " ", fmt_list(bad), " ",
             if (length(bad) > 1) "are " else "is ", fmt_values(k[bad]), ".")
  }
  ri <- regimen_arg_index(regimen, length(k))
  .Call(cp_regimen_days, as.double(k), ri$table, ri$idx, 1L)
}

#' @rdname infusion_day
#' @export
infusions_by_day <- function(d, regimen) {
  if (is.logical(d) && all(is.na(d))) d <- as.double(d)
  if (!is.numeric(d)) cp_abort("`d` must be numeric, not ", describe(d), ".")
  ri <- regimen_arg_index(regimen, length(d))
  .Call(cp_regimen_days, as.double(d), ri$table, ri$idx, 2L)
}
