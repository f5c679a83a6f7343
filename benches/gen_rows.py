#!/usr/bin/env python3
"""Random dated conversions for the comparison: N rows of date,amount,from,to,
dates 2000-01-01..2026-10-30, 18 major currencies, a fixed seed so every
tool converts the same rows."""
import datetime
import random
import sys

CURRENCIES = ["USD", "JPY", "GBP", "CHF", "AUD", "CAD", "SEK", "NOK", "DKK",
              "PLN", "CZK", "HUF", "NZD", "SGD", "HKD", "KRW", "ZAR", "EUR"]

def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    rng = random.Random(20251127)
    start = datetime.date(2000, 1, 1).toordinal()
    end = datetime.date(2026, 10, 30).toordinal()
    out = sys.stdout
    out.write("date,amount,from,to\n")
    for _ in range(n):
        day = datetime.date.fromordinal(rng.randint(start, end))
        a, b = rng.sample(CURRENCIES, 2)
        out.write(f"{day},{rng.randint(1, 10**9) / 100:.2f},{a},{b}\n")

if __name__ == "__main__":
    main()
