"""Opens a CSV as a spreadsheet would: each cell through openpyxl, which
stores a text that begins with `=` as a formula, into a workbook that is
saved as .xlsx and read back. Prints, as JSON, every cell that is a formula
and every cell's value.

    python3 spreadsheet.py TABLE.csv OUT.xlsx
"""

import csv
import json
import sys

import openpyxl

book = openpyxl.Workbook()
sheet = book.active
with open(sys.argv[1], newline="", encoding="utf-8") as table:
    for row in csv.reader(table):
        sheet.append(row)
book.save(sys.argv[2])

sheet = openpyxl.load_workbook(sys.argv[2]).active
cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
formulas = [
    f"{cell.coordinate}: {cell.value}"
    for row in sheet.iter_rows()
    for cell in row
    if cell.data_type == "f"
]
print(json.dumps({"formulas": formulas, "cells": cells}))
