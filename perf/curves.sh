#!/usr/bin/env bash
# Cost curves (BENCHMARKS.md, "Cost curves"): samsa perf --compare apache,kcat at one point of a sweep per
# invocation, each point's --json kept in OUT_DIR; perf/curves-render.sh turns them into tables and charts.
#
# usage: perf/curves.sh OUT_DIR [SWEEP ...]
#   SWEEP: partitions, size, threads, compression (default: all four, in that order after the headline point)
# environment:
#   SAMSA  the samsa launcher (default: ./samsa; or bin/samsa of an unpacked -Pdist tarball)
#   RUNS   measured runs per client and point (default: 3)
#
# A point whose JSON exists already is skipped, so an interrupted sweep resumes where it stopped. Each point
# starts its own embedded broker, runs an unmeasured warm-up round of a third of its records per client, then
# RUNS rounds; its log (OUT_DIR/NAME.log) starts with the machine's load average, since the machine may be shared.
set -euo pipefail

out=${1:?usage: perf/curves.sh OUT_DIR [partitions|size|threads|compression ...]}
shift
sweeps=("$@")
[ ${#sweeps[@]} -eq 0 ] && sweeps=(partitions size threads compression)
samsa=${SAMSA:-./samsa}
runs=${RUNS:-3}
mkdir -p "$out"

# The headline workload's producer settings; a point changes one thing.
props=(acks=all enable.idempotence=true batch.size=65536 linger.ms=10)

# point NAME RECORDS [samsa perf options ...]
point() {
  local name=$1 records=$2
  shift 2
  if [ -s "$out/$name.json" ]; then
    echo "$name: done already ($out/$name.json)"
    return
  fi
  local t0=$SECONDS
  {
    echo "# $(date -u +%FT%TZ) load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  } > "$out/$name.log"
  if "$samsa" perf --topic curves --num-records "$records" --warmup-records $((records / 3)) --runs "$runs" \
      --json "$out/$name.json.part" "$@" >> "$out/$name.log" 2>&1; then
    mv "$out/$name.json.part" "$out/$name.json"
    echo "$name: $((SECONDS - t0)) s"
  else
    # Kept apart so that a resumed sweep retries it; the log says why.
    [ -f "$out/$name.json.part" ] && mv "$out/$name.json.part" "$out/$name.failed.json"
    echo "$name: FAILED after $((SECONDS - t0)) s, see $out/$name.log" >&2
  fi
}

# The headline point (6 partitions, 100 B, 1 thread, no compression) is the first point of every sweep.
point headline 3000000 --record-size 100 --partitions 6 \
  --producer-props "${props[@]}" compression.type=none --compare apache,kcat

for sweep in "${sweeps[@]}"; do
  case $sweep in
    compression)
      for codec in lz4 zstd; do
        point "compression-$codec" 3000000 --record-size 100 --partitions 6 \
          --producer-props "${props[@]}" compression.type=$codec --compare apache,kcat
      done ;;
    threads)
      # kcat is one process reading one input: Java clients only.
      for n in 2 4 8; do
        point "threads-$n" 3000000 --record-size 100 --partitions 6 --threads "$n" \
          --producer-props "${props[@]}" compression.type=none --compare apache
      done ;;
    size)
      # 1 GB per run from 1 KB up (a run of 500 MB lasted 2-3 s, mostly the JIT at 10 KB); at 100 KB every record
      # is a batch of its own (batch.size 64 KiB), in every client.
      for spec in 10:4000000 1000:1000000 10000:100000 100000:10000; do
        point "size-${spec%%:*}" "${spec##*:}" --record-size "${spec%%:*}" --partitions 6 \
          --producer-props "${props[@]}" compression.type=none --compare apache,kcat
      done ;;
    partitions)
      for spec in 1000:1500000 5000:600000 10000:1000000; do
        point "partitions-${spec%%:*}" "${spec##*:}" --record-size 100 --partitions "${spec%%:*}" \
          --producer-props "${props[@]}" compression.type=none --compare apache,kcat
      done ;;
    *)
      echo "unknown sweep '$sweep': expected partitions, size, threads or compression" >&2
      exit 2 ;;
  esac
done
