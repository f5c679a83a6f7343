#!/usr/bin/env python3
"""The ECB history as ledger price directives (P DATE EUR RATE CUR), and
the rows as one transaction each, grouped by target currency so that one
ledger or hledger run per target values every row at its own date.
Writes prices.journal and rows-CUR.journal into the folder given."""
import csv
import os
import sys

def main():
    ecb, rows, folder = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(ecb) as f, open(os.path.join(folder, "prices.journal"), "w") as out:
        r = csv.reader(f)
        header = next(r)
        for line in r:
            for code, value in zip(header[1:], line[1:]):
                if code and value not in ("", "N/A"):
                    out.write(f"P {line[0]} EUR {value} {code}\n")
    journals = {}
    with open(rows) as f:
        r = csv.reader(f)
        next(r)
        for date, amount, src, dst in r:
            j = journals.get(dst)
            if j is None:
                j = journals[dst] = open(os.path.join(folder, f"rows-{dst}.journal"), "w")
                j.write("include prices.journal\n\n")
            j.write(f"{date} row\n    assets:a  {amount} {src}\n    equity\n\n")
    for j in journals.values():
        j.close()

if __name__ == "__main__":
    main()
