#!/usr/bin/env python3
"""An article of about N words for `scan`'s speed (default 5,000): the
bodies of the labelled test articles, one after the other, then again,
under one English dateline, so that every kind of figure and relation is
met many times. With --folder DIR K, K articles (the test articles in
turn, each a copy under its own name) in DIR, for a folder scan.

    python3 benches/gen_article.py 5000 > /tmp/article.txt
    python3 benches/gen_article.py --folder /tmp/articles 1000
"""
import sys
from pathlib import Path

ARTICLES = sorted((Path(__file__).resolve().parent.parent / "tests/scan/articles").glob("*.txt"))

def body(p):
    lines = p.read_text().splitlines()
    # Drop the dateline and the headline.
    return "\n".join(lines[3:]).strip()

if len(sys.argv) > 1 and sys.argv[1] == "--folder":
    out, count = Path(sys.argv[2]), int(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    for k in range(count):
        src = ARTICLES[k % len(ARTICLES)]
        (out / f"{k:04d}-{src.name}").write_text(src.read_text())
    sys.exit(0)

words = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
parts, n = ["June 13, 2025", ""], 0
while n < words:
    for p in ARTICLES:
        b = body(p)
        parts.append(b)
        parts.append("")
        n += len(b.split())
        if n >= words:
            break
print("\n".join(parts))
