"""Stage 3, quality: the Great Expectations suites, the checks they read, the audit and the Data Docs."""
