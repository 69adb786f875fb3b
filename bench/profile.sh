#!/usr/bin/env bash
# Where Crema's time goes in one training workload: runs TrainBench under Java Flight Recorder and
# prints the hottest methods (self) and the Crema call paths (inclusive) of the execution samples.
# Usage: bench/profile.sh WORKLOAD [THREADS] [TOP]     e.g. bench/profile.sh cnn 1 30
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. scripts/jdk.sh
crema_find_jdk || exit 1
w=${1:?workload}; t=${2:-1}; top=${3:-25}
jar=crema-bench/target/crema-bench.jar
[ -f "$jar" ] || ./build -o -q install -DskipTests -pl crema-bench -am >&2
rec=$(mktemp --suffix=.jfr)
trap 'rm -f "$rec"' EXIT
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -XX:+UseG1GC -Xmx140m -XX:G1HeapRegionSize=1m \
  -XX:StartFlightRecording:filename="$rec",settings=profile -Dcrema.threads="$t" \
  -cp "$jar" org.crema.bench.TrainBench "$w" "$t" 8 2> >(grep -v -e incubator -e 'Started recording' -e 'jcmd' >&2)
"$JAVA_HOME/bin/jfr" print --events jdk.ExecutionSample --stack-depth 64 "$rec" | /usr/bin/python3 bench/jfr_top.py "$top"
# GC pauses over the whole run (first step and warm-up included)
"$JAVA_HOME/bin/jfr" print --events jdk.GarbageCollection "$rec" | awk '
  /sumOfPauses/ { v = $3; u = $4; if (u == "s") v *= 1000; if (u == "us") v /= 1000; if (u == "ns") v /= 1e6; ms += v; n++ }
  END { printf "GC: %d collections, %.1f ms of pauses in all\n", n, ms }'
