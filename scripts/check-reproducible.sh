#!/usr/bin/env bash
# Checks that the build is reproducible: builds the published modules twice, each time in a fresh copy of the
# working tree (different paths, different times), and compares the jars Maven Central would get, byte for byte.
# Offline (-o): the plugins must already be in the local repository (any earlier build puts them there).
#
#   scripts/check-reproducible.sh            # main jars
#   scripts/check-reproducible.sh -Prelease  # also the -sources and -javadoc jars (a few minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."

modules=protocol,producer,kafka-clients,spring-kafka,prometheus,spring-boot-starter
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for run in 1 2; do
  mkdir -p "$work/$run"
  # The tracked files plus uncommitted changes, without target/ directories or anything else ignored.
  git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$work/$run"
  echo "build $run in $work/$run"
  (cd "$work/$run" && mvn -B -o -q clean package -DskipTests -pl "$modules" -am "$@" >"$work/build-$run.log" 2>&1) \
    || { cat "$work/build-$run.log"; exit 1; }
  [ "$run" = 1 ] && sleep 2  # so that a timestamp that leaks in differs
done

status=0
count=0
for module in ${modules//,/ }; do
  for jar in "$work"/1/"$module"/target/*.jar; do
    name=$(basename "$jar")
    other="$work/2/$module/target/$name"
    count=$((count + 1))
    if cmp -s "$jar" "$other"; then
      echo "same      $(sha256sum "$jar" | cut -c1-16)  $module/target/$name"
    else
      echo "DIFFERENT $module/target/$name"
      status=1
    fi
  done
done
if [ "$status" = 0 ]; then
  echo "reproducible: $count jars identical in two builds"
else
  echo "NOT reproducible (see the jars marked DIFFERENT)"
fi
exit $status
