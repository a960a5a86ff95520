# Runs R code in a fresh R process with this package's library, so that a
# crash in C fails one test instead of the whole run.  Returns list(status,
# kind, message): the exit status, and "value", "error" or "warning" with
# the condition's message as the code's last line printed them.
run_in_child <- function(code, setup = character()) {
  script <- tempfile(fileext = ".R")
  out <- tempfile()
  on.exit(unlink(c(script, out)))
  writeLines(c(
    "suppressPackageStartupMessages(library(casepool))",
    setup,
    "res <- tryCatch({",
    paste0("  ", code),
    "  list(kind = 'value', message = '')",
    "}, warning = function(w) list(kind = 'warning', message = conditionMessage(w)),",
    "   error = function(e) list(kind = 'error', message = conditionMessage(e)))",
    "cat(res$kind, '\\n', res$message, '\\n', sep = '')"
  ), script)
  env <- c(paste0("R_LIBS=", paste(.libPaths(), collapse = .Platform$path.sep)),
           "R_TESTS=")
  status <- system2(file.path(R.home("bin"), "Rscript"), c("--vanilla", script),
                    stdout = out, stderr = out, env = env)
  lines <- readLines(out, warn = FALSE)
  list(status = status, kind = if (length(lines)) lines[1] else "",
       message = paste(lines[-1], collapse = "\n"))
}
