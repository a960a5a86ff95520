test_that("an Excel sheet is read like the same table as a data frame", {
  skip_if_not_installed("readxl")
  path <- test_path("fixtures", "sheet.xlsx")
  from_xl <- read_cases(path, sheet = "cases", map = reviewer_map,
                        response_levels = reviewer_levels)
  ref <- as_cases(reviewer_sheet(), map = reviewer_map, response_levels = reviewer_levels)
  expect_equal(as.data.frame(from_xl), as.data.frame(ref))
  expect_snapshot(error = TRUE, read_cases(path, map = reviewer_map))
  expect_snapshot(error = TRUE, read_cases(path, sheet = "nope"),
                  transform = function(x) gsub("\\(.*\\)", "(...)", x))
})

test_that("a semicolon-separated CSV with decimal commas is read", {
  path <- tempfile(fileext = ".csv")
  on.exit(unlink(path))
  writeLines(c("case_id;response;dose;age", "a;complete;5 mg/kg;40,5", "b;none;;50"), path)
  cases <- read_cases(path)
  expect_equal(cases$age, c(40.5, 50))
  expect_equal(cases$dose_value, c(5, NA))
  expect_equal(as.character(cases$response), c("complete", "none"))
  # a separator given is used as it is
  writeLines(c("case_id|age", "a|40"), path)
  expect_equal(read_cases(path, sep = "|")$age, 40)
})

test_that("a separator at the end of every line leaves no column behind", {
  path <- tempfile(fileext = ".csv")
  on.exit(unlink(path))
  writeLines(c("case_id,response,age,", "a,complete,40,", "b,none,50,"), path)
  cases <- read_cases(path)
  expect_equal(cases$case_id, c("a", "b"))
  expect_equal(cases$age, c(40, 50))
  expect_false(any(names(cases) %in% c("", "V4")))
  # an unnamed column that holds values is an error, not dropped
  writeLines(c("case_id,,age", "a,x,40"), path)
  expect_snapshot(error = TRUE, read_cases(path))
})

test_that("files that cannot be sheets are clear errors", {
  empty <- tempfile(fileext = ".csv")
  file.create(empty)
  on.exit(unlink(empty))
  expect_error(read_cases(empty), "`path` is an empty file")
  expect_error(read_cases(tempdir()), "`path` is a folder")
  expect_error(read_cases(file.path(tempdir(), "none.xlsx")), "`path` does not exist")
  bad_xl <- tempfile(fileext = ".xlsx")
  writeLines("not a workbook", bad_xl)
  on.exit(unlink(bad_xl), add = TRUE)
  skip_if_not_installed("readxl")
  expect_error(read_cases(bad_xl), "could not be read as an Excel workbook")
})
