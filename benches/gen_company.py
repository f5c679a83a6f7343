#!/usr/bin/env python3
"""A company of N events for the benchmarks: founders and a pool, then
rounds, each a SAFE and a priced round in turn, at rising valuations, with
1x preferences (every third participating with a 3x cap, every fifth
senior), and three exits.

With --anti-dilution, every round is protected (broad, narrow and full
ratchet in turn) and every fourth round is a down round at half the last
pre-money, so each adjusts the protected rounds priced above it."""
import sys

def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    protect = "--anti-dilution" in sys.argv
    n = int(args[0]) if args else 100
    out = sys.stdout
    out.write('title = "A company of %d events (benchmark)"\nas_of = 2025-07-08\n\n' % n)
    out.write('[companies.big]\nname = "Big"\ncommon = { founders = 10_000_000 }\npool = 1_000_000\n')
    pre = 5_000_000
    for i in range(n):
        out.write("\n  [[companies.big.events]]\n")
        if i % 2 == 0:
            out.write('  id = "safe-%d"\n  kind = "safe"\n  holder = "angel-%d"\n' % (i, i))
            out.write('  amount = "$%d"\n  cap = "$%d"\n' % (pre // 20, pre * 2))
        else:
            out.write('  id = "round-%d"\n  kind = "round"\n  holder = "fund-%d"\n' % (i, i))
            down = protect and i % 8 == 7
            price = pre // 2 if down else pre
            out.write('  amount = "$%d"\n  pre_money = "$%d"\n' % (price // 5, price))
            if protect:
                kind = ["broad", "narrow", "full-ratchet"][(i // 2) % 3]
                out.write('  anti_dilution = "%s"\n' % kind)
            if i % 3 == 0:
                out.write('  participating = true\n  cap = "3x"\n')
            if i % 5 == 0:
                out.write('  seniority = %d\n' % (i // 5))
            pre = pre * 11 // 10
    for k, v in enumerate([pre // 2, pre * 2, pre * 10]):
        out.write('\n  [[companies.big.exits]]\n  id = "exit-%d"\n  value = "$%d"\n' % (k, v))

if __name__ == "__main__":
    main()
