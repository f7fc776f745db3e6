"""A command-line job: prints a table and exits."""
from tabulate import tabulate

rows = [("images", 3), ("findings", 0)]
print(tabulate(rows, headers=["what", "count"]))
print("total", sum(count for _, count in rows))
