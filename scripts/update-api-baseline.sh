#!/usr/bin/env bash
# Moves the API compatibility baseline to the current code: builds the published modules and copies each main
# jar to api-baseline/<artifactId>.jar, which japicmp compares every later build with (DESIGN.md, "Public API").
# Run at a release, on the release commit (RELEASING.md), or in the commit that makes a deliberate incompatible
# change, so that the change and the moved baseline are reviewed together.
set -euo pipefail
cd "$(dirname "$0")/.."

modules=(protocol producer kafka-clients spring-kafka prometheus spring-boot-starter)
mvn -B -q -o clean package -DskipTests -Djapicmp.skip=true -pl "$(IFS=,; echo "${modules[*]}")" -am
for module in "${modules[@]}"; do
  jar=$(ls "$module"/target/samsa-*.jar | grep -Ev -- '-(sources|javadoc|tests)\.jar$')
  artifact=$(basename "$jar" | sed -E 's/-[0-9][^-]*(-SNAPSHOT)?\.jar$//')
  cp "$jar" "api-baseline/$artifact.jar"
  echo "api-baseline/$artifact.jar <- $jar"
done
