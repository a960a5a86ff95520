# The appraisal sheet's checks and readers, for appraise() (R/appraise.R):
# code maps, critical items, cut-offs, column names, answers, the overall
# rule, and the reports shared with the case table.

# "row 3 (report Abe 2015)", "rows 3 and 5 (reports A and B)"
fmt_reports <- function(rows, keys) {
  rows <- as.integer(rows)
  k <- as.character(keys[rows])
  k[is.na(k)] <- "no key"
  if (length(rows) == 1) return(paste0("row ", rows, " (report ", k, ")"))
  paste0(fmt_rows(rows), " (reports ", fmt_list(k), ")")
}

# A named map of the user's codes onto `values`; NULL stays NULL.
check_code_map <- function(map, arg, values, example) {
  if (is.null(map)) return(NULL)
  nms <- names(map)
  ok <- (is.character(map) || (is.logical(map) && all(is.na(map)))) && !is.null(nms) &&
    !anyNA(nms) && !any(trimws(nms) == "") && !anyDuplicated(tolower(trimws(nms)))
  if (!ok) {
    cp_abort(bt(arg), " must be a named character vector with one name per code, such as `",
             example, "`, not ", describe(map), ".")
  }
  bad <- which(!is.na(map) & !tolower(map) %in% values)
  if (length(bad)) {
    cp_abort(bt(arg), " must map codes onto ", fmt_list(dQuote(values, FALSE), conj = "or"),
             ", not ", fmt_values(map[bad]), ".")
  }
  stats::setNames(tolower(as.character(map)), tolower(trimws(nms)))
}

check_critical <- function(critical, items, tool) {
  if (is.null(critical)) return(appraisal_tools[[tool]]$critical)
  if (is.numeric(critical)) {
    bad <- critical[is.na(critical) | !critical %in% seq_len(nrow(items))]
    if (length(bad)) {
      cp_abort("`critical` must be items of the tool (1 to ", nrow(items), "), not ",
               fmt_values(bad), ".")
    }
    return(items$item[critical])
  }
  if (!is.character(critical) || anyNA(critical)) {
    cp_abort("`critical` must be items such as \"q2\" or \"", items$key[2], "\", not ",
             describe(critical), ".")
  }
  key <- tolower(critical)
  pos <- ifelse(key %in% items$item, match(key, items$item), match(key, items$key))
  if (anyNA(pos)) {
    cp_abort("`critical` must be items of the tool (", fmt_list(items$item, max = 10),
             ", or their keys), not ", fmt_values(critical[is.na(pos)]), ".")
  }
  items$item[pos]
}

check_cut <- function(cut) {
  ok <- is.numeric(cut) && length(cut) == 2 && !anyNA(cut) && all(cut >= 0 & cut <= 1)
  if (ok && !is.null(names(cut))) {
    ok <- setequal(names(cut), c("good", "fair"))
  } else if (ok) {
    names(cut) <- c("good", "fair")
  }
  if (!ok || cut[["fair"]] > cut[["good"]]) {
    shown <- if (is.atomic(cut)) deparse1(cut) else describe(cut)
    cp_abort("`cut` must be two shares in [0, 1], `c(good = 0.75, fair = 0.5)`, with ",
             "fair no higher than good, not `", shown, "`.")
  }
  cut[c("good", "fair")]
}

# `map` for the appraisal sheet: names report, overall, items or keys.
appraisal_map <- function(data, map, items) {
  if (is.null(map)) return(data)
  if (!is.character(map) || is.null(names(map)) || anyNA(map) || any(names(map) == "")) {
    cp_abort("`map` must be a named character vector such as ",
             "`c(report = \"Study\")`, not ", describe(map), ".")
  }
  allowed <- c("report", "overall", items$item, items$key)
  unknown <- setdiff(names(map), allowed)
  if (length(unknown)) {
    cp_abort("`map` names must be `report`, `overall`, items (", fmt_list(items$item, max = 10),
             ") or their keys; ", fmt_list(bt(unknown)),
             if (length(unknown) > 1) " are" else " is", " not.")
  }
  rename_mapped(data, map)
}

# For each item, the positions of the columns that hold it.
match_item_columns <- function(nms, items) {
  low <- tolower(trimws(nms))
  lapply(seq_len(nrow(items)), function(i) which(low %in% c(items$item[i], items$key[i])))
}

answer_words <- c(yes = "yes", y = "yes", true = "yes", "1" = "yes",
                  no = "no", n = "no", false = "no", "0" = "no",
                  unclear = "unclear", u = "unclear", "can't tell" = "unclear",
                  "cannot tell" = "unclear",
                  "not applicable" = "not applicable", "n/a" = "not applicable",
                  na = "not applicable", "n.a." = "not applicable")

# Answers: list(value, bad, empty) with value a factor of appraisal_answers.
read_answers <- function(x, answer_map) {
  if (is.logical(x)) x <- ifelse(x, "yes", "no")
  x <- as.character(x)
  key <- tolower(trimws(gsub("[[:space:]]+", " ", x)))
  empty <- which(is.na(key) | key == "")
  value <- unname(answer_words[key])
  if (!is.null(answer_map)) {
    m <- match(key, names(answer_map))
    value[!is.na(m)] <- unname(answer_map)[m[!is.na(m)]]
  }
  bad <- setdiff(which(is.na(value)), empty)
  list(value = factor(value, levels = appraisal_answers), bad = bad, empty = empty)
}

read_overall <- function(x, overall_map) {
  if (is.factor(x)) x <- as.character(x)
  key <- tolower(trimws(as.character(x)))
  value <- ifelse(key %in% quality_levels, key, NA_character_)
  if (!is.null(overall_map)) {
    m <- match(key, names(overall_map))
    value[!is.na(m)] <- unname(overall_map)[m[!is.na(m)]]
  }
  empty <- is.na(key) | key == ""
  list(value = value, bad = which(is.na(value) & !empty))
}

# casepool's overall rule (documented in ?appraise).
overall_rule <- function(answers, critical, cut) {
  yes <- vapply(answers, function(a) a %in% "yes", logical(length(answers[[1]])))
  no <- vapply(answers, function(a) a %in% "no", logical(length(answers[[1]])))
  app <- vapply(answers, function(a) !a %in% "not applicable", logical(length(answers[[1]])))
  dim(yes) <- dim(no) <- dim(app) <- c(length(answers[[1]]), length(answers))
  n_yes <- rowSums(yes)
  n_app <- rowSums(app)
  share <- ifelse(n_app > 0, n_yes / n_app, NA_real_)
  crit_no <- rowSums(no[, critical, drop = FALSE]) > 0
  crit_ok <- rowSums((!yes & app)[, critical, drop = FALSE]) == 0
  # a small tolerance, so that 6 of 8 reaches 0.75
  eps <- 1e-9
  overall <- ifelse(n_app == 0, NA_character_,
                    ifelse(crit_no | share < cut[["fair"]] - eps, "poor",
                           ifelse(crit_ok & share >= cut[["good"]] - eps, "good", "fair")))
  list(overall = factor(overall, levels = quality_levels), n_yes = as.integer(n_yes),
       n_applicable = as.integer(n_app))
}

# Reports appraised but not in the case table, and the reverse: a warning.
check_appraisal_cases <- function(appr, cases) {
  if (!is.data.frame(cases) || !"report" %in% names(cases)) {
    cp_abort("`cases` must be a case table with a `report` column, not ",
             describe(cases), ".")
  }
  in_cases <- unique(stats::na.omit(as.character(cases$report)))
  extra <- setdiff(appr$report, in_cases)
  missing <- setdiff(in_cases, appr$report)
  msg <- c(if (length(missing)) paste0("reports of the case table not appraised: ",
                                       fmt_list(missing, max = 8)),
           if (length(extra)) paste0("reports appraised but not in the case table: ",
                                     fmt_list(extra, max = 8)))
  if (length(msg)) {
    cp_warn("The appraisal and the case table do not cover the same reports: ",
            paste(msg, collapse = "; "), ".", class = "casepool_warning_appraisal")
  }
  invisible()
}

appraisal_attr <- function(x, which) {
  value <- attr(x, which)
  if (is.null(value) && which %in% c("tool", "items")) {
    cp_abort("`x` has lost its appraisal attributes (subsetting drops them); ",
             "appraise() the rows again.")
  }
  value
}
