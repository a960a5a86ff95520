library(testthat)
library(casepool)

test_check("casepool")
