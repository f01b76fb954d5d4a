#!/usr/bin/env bash
# End-to-end benchmark: generate a lake, run the job on it, evaluate, with
# wall time and peak RSS from /usr/bin/time -v. Results go to bench/ (not
# committed); copy the figures into docs/BENCHMARKS.md with the machine.
#
#   scripts/bench.sh [ROWS] [SEED]      default 1000000 rows, seed 1
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
seed=${2:-1}
work=bench/rows=$rows
mkdir -p "$work"
go build -o bench/sightline ./cmd/sightline

measure() { # name, command...
  local name=$1; shift
  /usr/bin/time -v "$@" > "$work/$name.out" 2> "$work/$name.time" || { cat "$work/$name.out" "$work/$name.time"; exit 1; }
  local wall rss
  wall=$(grep "Elapsed (wall clock)" "$work/$name.time" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$work/$name.time" | awk '{print $NF}')
  printf '%-6s rows=%-9s wall=%-9s peak_rss=%d MiB\n' "$name" "$rows" "$wall" $((rss / 1024))
}

rm -rf "$work/lake" "$work/out"
measure gen bench/sightline gen --rows "$rows" --seed "$seed" --out "$work/lake"
measure run bench/sightline run --procurement "$work/lake/procurement" --customers "$work/lake/customers" \
  --list "$work/lake/list" --defense-labs "$work/lake/defense_labs" --relations "$work/lake/relations" \
  --out "$work/out" --run-date 2026-11-24
measure eval bench/sightline eval --truth "$work/lake/truth" --run "$work/out"
echo "--- run stages"; cat "$work/run.out" | sed -n '1,40p'; grep 'msg="stage done"' "$work/run.time" || true
echo "--- eval"; cat "$work/eval.out"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(go version)"
