#!/usr/bin/env bash
# CPU or allocation profile of one `samsa perf` run of one client, with async-profiler (from Maven Central), then
# the share of each part of the producer's work (categories.py). Usage:
#   bench/profile/profile.sh SAMSA_HOME cpu|alloc [CLIENT] [samsa perf options...]
# SAMSA_HOME is an unpacked -Pdist tarball (or any directory with bin/samsa); CLIENT is samsa (default), apache
# or adapter. The perf options default to the headline workload at 5M records. Writes the collapsed stacks to
# ./profile-<client>-<event>.txt (flame-graph input: any collapsed-stack viewer, e.g. speedscope or
# flamegraph.pl, reads it).
set -euo pipefail
home=${1:?SAMSA_HOME}; event=${2:?cpu or alloc}; client=${3:-samsa}; shift $(( $# < 3 ? $# : 3 ))
here=$(cd "$(dirname "$0")" && pwd)
ap_version=4.2
ap_dir=${AP_DIR:-$HOME/.cache/samsa/async-profiler-$ap_version}
if [ ! -f "$ap_dir/linux-x64/libasyncProfiler.so" ]; then
  mkdir -p "$ap_dir"
  mvn -B -q dependency:copy -Dartifact=tools.profiler:async-profiler:$ap_version:jar -DoutputDirectory="$ap_dir"
  (cd "$ap_dir" && unzip -o -q "async-profiler-$ap_version.jar" 'linux-x64/*')
fi
out=$PWD/profile-$client-$event.txt
case $event in
  cpu) opts="start,event=cpu,interval=1ms,file=$out,collapsed,threads" ;;
  alloc) opts="start,event=alloc,file=$out,collapsed,total" ;;
  *) echo "event must be cpu or alloc" >&2; exit 2 ;;
esac
records=5000000
if [ $# -eq 0 ]; then
  set -- --num-records $records --record-size 100 --producer-props acks=all enable.idempotence=true \
    batch.size=65536 linger.ms=10 compression.type=none
fi
compare=()
[ "$client" != samsa ] && compare=(--compare "$client")
# Only one client per profile: the agent writes one file, so `--compare` runs would overwrite it. With
# CLIENT=apache or adapter, the Samsa run comes first and the file ends up holding the other client's.
"$home/bin/samsa" perf --topic profile --runs 1 --warmup-records 0 "${compare[@]}" \
  --jvm-options "-Xms1g -Xmx1g -XX:+UseG1GC -agentpath:$ap_dir/linux-x64/libasyncProfiler.so=$opts" "$@" \
  | grep -E 'records sent,|CPU s per 1M|bytes allocated'
n=$(printf '%s\n' "$@" | awk 'p{print; exit} /^--num-records$/{p=1}')
if [ "$event" = cpu ]; then
  python3 "$here/categories.py" "$out" "${n:-$records}"
else
  echo "allocation profile: $out"
fi
