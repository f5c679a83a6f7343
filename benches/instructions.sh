#!/usr/bin/env bash
# Instruction counts, not seconds: valgrind's callgrind counts the
# instructions a run executes, the same for the same binary and input
# whatever else the machine is doing, so a slower build is caught in CI
# where a timing would only be noise.
#   benches/instructions.sh          print the figures
#   benches/instructions.sh --check  and fail past the ceilings in
#                                    benches/instructions.ceilings
#   benches/instructions.sh --update set the ceilings 10% above the figures
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-}
if ! command -v valgrind >/dev/null; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q valgrind
fi
cargo build --release --locked --quiet
bin=target/release/dealcalc
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 benches/gen_rows.py 20000 > "$work/rows.csv"
head -2 "$work/rows.csv" > "$work/row.csv"
python3 benches/gen_offers.py 1000 > "$work/offers.toml"
python3 benches/gen_company.py 100 > "$work/company.toml"
python3 benches/gen_article.py 5000 > "$work/article.txt"

# Instructions of one run (its output thrown away).
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null \
    | sed -n 's/.*Collected : //p'
}
batch=$(count "$bin" convert --batch "$work/rows.csv" --output "$work/out.csv")
one_row=$(count "$bin" convert --batch "$work/row.csv" --output "$work/out1.csv")
declare -A figure=(
  [batch_row]=$(( (batch - one_row) / 20000 ))
  [conversion]=$(count "$bin" convert '$100M' --to EUR --on 2025-07-08)
  [company_100_events]=$(count "$bin" eval "$work/company.toml" --output "$work/company.txt")
  [offer]=$(( $(count "$bin" eval "$work/offers.toml" --output "$work/offers.txt") / 1000 ))
  # scan exits 1: the article has relations that fail.
  [scan_5000_words]=$(count "$bin" scan "$work/article.txt" --output "$work/scan.txt" || true)
)
declare -A what=(
  [batch_row]="convert --batch, a row (20,000 benchmark rows, start-up subtracted)"
  [conversion]="convert '\$100M' --to EUR --on 2025-07-08, whole process"
  [company_100_events]="eval of a company of 100 events (benches/gen_company.py), whole process"
  [offer]="eval of 1,000 offers (benches/gen_offers.py), per offer"
  [scan_5000_words]="scan of a 5,000-word article (benches/gen_article.py), whole process"
)
ceilings=benches/instructions.ceilings
failed=0
printf '%-20s %15s %15s  %s\n' figure instructions ceiling what
for name in batch_row conversion company_100_events offer scan_5000_words; do
  ceiling=$(sed -n "s/^$name //p" "$ceilings" 2>/dev/null || true)
  printf '%-20s %15s %15s  %s\n' "$name" "${figure[$name]}" "${ceiling:--}" "${what[$name]}"
  if [ "$mode" = "--check" ] && [ -n "$ceiling" ] && [ "${figure[$name]}" -gt "$ceiling" ]; then
    echo "instructions: $name is ${figure[$name]}, past its ceiling of $ceiling" >&2
    failed=1
  fi
done
if [ "$mode" = "--update" ]; then
  {
    echo "# Ceilings for benches/instructions.sh --check: 10% above the figures of"
    echo "# $(git rev-parse --short HEAD) on $(date -u +%Y-%m-%d)."
    for name in batch_row conversion company_100_events offer scan_5000_words; do
      echo "$name $(( figure[$name] * 11 / 10 ))"
    done
  } > "$ceilings"
  echo "ceilings written to $ceilings"
fi
exit $failed
