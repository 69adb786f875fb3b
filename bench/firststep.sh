#!/usr/bin/env bash
# Time from process start to the end of the first training step, jars compared in alternation (A B A B ...)
# on one thread: TrainBench with WINDOWS=0 stops after the first step. Prints every run (seconds, and the
# process's CPU seconds by then, all threads) and the medians.
# Usage: bench/firststep.sh [WORKLOAD...]   (default: mlp lenet4 cnn lstm)
# Env: JARS ("crema-bench/target/crema-bench.jar"; e.g. "/tmp/old.jar crema-bench/target/crema-bench.jar"),
#      PAIRS (3), CREMA_JAVA_OPTS (extra JVM flags, given to every jar).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. scripts/jdk.sh
crema_find_jdk || exit 1
read -r -a jars <<< "${JARS:-crema-bench/target/crema-bench.jar}"
workloads=("$@")
[ ${#workloads[@]} -gt 0 ] || workloads=(mlp lenet4 cnn lstm)
pairs=${PAIRS:-3}
# the same JVM flags as bench/train.sh
java_opts=(--add-modules jdk.incubator.vector -XX:+UseG1GC -Xmx140m -XX:G1HeapRegionSize=1m
           -XX:-UsePerfData -Dcrema.warnIncubator=false -Dcrema.threads=1)
echo "firststep.sh: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
median() { tr ' ' '\n' <<< "$1" | grep . | sort -n | awk '{a[NR]=$1} END {print NR ? a[int((NR+1)/2)] : "-"}'; }
for w in "${workloads[@]}"; do
  declare -A times=() cpus=()
  for ((i = 0; i < pairs; i++)); do
    for j in "${jars[@]}"; do
      line=$("$JAVA_HOME/bin/java" "${java_opts[@]}" ${CREMA_JAVA_OPTS:-} -cp "$j" org.crema.bench.TrainBench "$w" 1 0 2>/dev/null | tail -1)
      s=$(sed -n 's/.*"first_step_s": \([0-9.]*\).*/\1/p' <<< "$line")
      c=$(sed -n 's/.*"first_step_cpu_s": \([0-9.]*\).*/\1/p' <<< "$line")
      echo "$w $j ${s:-failed} s, cpu ${c:-?} s"
      times[$j]="${times[$j]:-} ${s:-}"
      cpus[$j]="${cpus[$j]:-} ${c:-}"
    done
  done
  for j in "${jars[@]}"; do
    echo "$w $j median $(median "${times[$j]}") s, cpu $(median "${cpus[$j]}") s"
  done
  unset times cpus
done
echo "firststep.sh: load $(cut -d' ' -f1-3 /proc/loadavg)"
