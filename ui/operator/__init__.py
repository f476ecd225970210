"""The operator's pages: one exception, five questions, the verdict, the matrix, the fix order."""
