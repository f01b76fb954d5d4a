#!/usr/bin/env bash
# End-to-end benchmark: generate a lake, run the job on it, evaluate, with
# wall time, CPU time and peak RSS from /usr/bin/time -v, and the run's
# per-stage times and candidate pairs from its manifest. Results go to
# bench/ (not committed); copy the figures into docs/BENCHMARKS.md with the
# machine.
#
#   scripts/bench.sh [ROWS] [SEED] [run flags...]   default 1000000 rows, seed 1
#
# Environment: LAKE=DIR reuses a generated lake instead of generating one
# (gen takes ~90 s and a few GB at 10M rows); NO_EVAL=1 skips eval;
# RSS_LIMIT_KB kills the run above that resident size (a guard for shared
# machines; default 14 GB). Extra arguments go to `sightline run`, e.g.
# --memory 4GiB.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
seed=${2:-1}
shift $(( $# > 2 ? 2 : $# ))
work=bench/rows=$rows
mkdir -p "$work"
go build -o bench/sightline ./cmd/sightline
limit=${RSS_LIMIT_KB:-14000000}

# guard runs "$@" and kills it if its resident size passes $limit kB.
guard() {
  "$@" &
  local pid=$! r
  while kill -0 "$pid" 2>/dev/null; do
    for c in $(pgrep -P "$pid") "$pid"; do
      r=$(awk '/VmRSS/{print $2}' "/proc/$c/status" 2>/dev/null || true)
      if [ -n "$r" ] && [ "$r" -gt "$limit" ]; then
        echo "bench.sh: killing $c at $r kB (limit $limit kB)" >&2
        kill -9 "$c"
      fi
    done
    sleep 1
  done
  wait "$pid"
}

measure() { # name, command...
  local name=$1; shift
  guard /usr/bin/time -v "$@" > "$work/$name.out" 2> "$work/$name.time" || { tail -20 "$work/$name.out" "$work/$name.time"; exit 1; }
  local wall rss user sys
  wall=$(grep "Elapsed (wall clock)" "$work/$name.time" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$work/$name.time" | awk '{print $NF}')
  user=$(grep "User time" "$work/$name.time" | awk '{print $NF}')
  sys=$(grep "System time" "$work/$name.time" | awk '{print $NF}')
  printf '%-6s rows=%-9s wall=%-9s cpu=%ss (user %s, sys %s) peak_rss=%d MiB\n' "$name" "$rows" "$wall" \
    "$(awk "BEGIN{print $user + $sys}")" "$user" "$sys" $((rss / 1024))
}

lake=${LAKE:-$work/lake}
if [ -z "${LAKE:-}" ]; then
  rm -rf "$work/lake"
  measure gen bench/sightline gen --rows "$rows" --seed "$seed" --out "$work/lake"
fi
rm -rf "$work/out"
measure run bench/sightline run --procurement "$lake/procurement" --customers "$lake/customers" \
  --list "$lake/list" --defense-labs "$lake/defense_labs" --relations "$lake/relations" \
  --out "$work/out" --run-date 2026-11-24 "$@"
echo "--- run stages (seconds) and pairs, from the manifest"
python3 - "$work/out" <<'PY'
import glob, json, sys
m = json.load(open(glob.glob(sys.argv[1] + "/run_date=*/manifest.json")[0]))
print(" ".join("%s %.1f" % (s["name"], s["seconds"]) for s in m["stages"]))
r = m.get("resolution") or {}
for k in ("mentions", "records", "groups", "pairs_before_dedup", "candidate_pairs", "linking_pairs",
          "entities", "spill_runs", "spilled_bytes"):
    if k in r:
        print("%-20s %s" % (k, r[k]))
PY
if [ -z "${NO_EVAL:-}" ]; then
  measure eval bench/sightline eval --truth "$lake/truth" --run "$work/out"
  echo "--- eval"; cat "$work/eval.out"
fi
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(go version), load $(cut -d' ' -f1-3 /proc/loadavg)"
