#!/usr/bin/env bash
# Training throughput, Crema vs PyTorch CPU, side by side: every workload on 1 and 2 threads, the two
# frameworks alternating, each run in its own process. Prints a markdown table (and keeps the raw JSON
# lines in bench/results/). Usage: bench/train.sh [WORKLOAD...]   (default: all seven)
# Env: WINDOWS (5), THREADS ("1 2"), CREMA_JAVA_OPTS (extra JVM flags, e.g. -Xmx256m).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. scripts/jdk.sh
crema_find_jdk || exit 1

jar=crema-bench/target/crema-bench.jar
newest_src=$(find crema-core/src/main crema-bench/src/main -newer "$jar" -print -quit 2>/dev/null || true)
if [ ! -f "$jar" ] || [ -n "$newest_src" ]; then
  echo "train.sh: building $jar ..." >&2
  ./build -o -q install -DskipTests -pl crema-bench -am >&2
fi

workloads=("$@")
[ ${#workloads[@]} -gt 0 ] || workloads=(mlp lenet4 lenet64 cnn lstm mlp_infer cnn_infer)
windows=${WINDOWS:-5}
threads_list=${THREADS:-"1 2"}
# G1 with a 140 MB heap of 1 MB regions: activations of 512 KB and more are humongous objects that a
# young collection frees without copying (ParallelGC copied them: 1-3 s of pauses per 20 s run of the
# LSTM and CNN), and the heap cap keeps the peak RSS near PyTorch's (ParallelGC with -Xmx1g grew to
# 500-1100 MB; G1 with 180 MB: 290-310 MB). Pauses are ~1-3 ms.
java_opts=(--add-modules jdk.incubator.vector -XX:+UseG1GC -Xmx140m -XX:G1HeapRegionSize=1m
           -XX:-UsePerfData -Dcrema.warnIncubator=false)
# PyTorch with the OpenMP build of OpenBLAS (Debian's alternatives may point libblas at the pthread
# build, whose own threads fight OpenMP's on 2 threads) and with OPENBLAS_CORETYPE/L2_SIZE unset, so
# that OpenBLAS picks its AVX-512 kernel.
openblas_omp=/usr/lib/x86_64-linux-gnu/openblas-openmp

mkdir -p bench/results
raw="bench/results/train-$(date -u +%Y%m%dT%H%M%SZ).jsonl"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

run() { # framework workload threads
  local fw=$1 w=$2 t=$3 line rss
  if [ "$fw" = crema ]; then
    line=$(/usr/bin/time -f %M -o "$tmp" "$JAVA_HOME/bin/java" "${java_opts[@]}" ${CREMA_JAVA_OPTS:-} \
      -Dcrema.threads="$t" -cp "$jar" org.crema.bench.TrainBench "$w" "$t" "$windows" 2> >(grep -v 'incubator' >&2) | tail -1)
  else
    line=$(OMP_NUM_THREADS="$t" LD_LIBRARY_PATH="$openblas_omp${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
      /usr/bin/time -f %M -o "$tmp" env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \
      /usr/bin/python3 bench/pytorch_train.py "$w" "$t" "$windows" | tail -1)
  fi
  rss=$(tail -1 "$tmp")
  # the external peak RSS (time -v's "Maximum resident set size", KB) for both, so both are measured alike
  echo "${line%\}}, \"max_rss_kb\": $rss}" | tee -a "$raw" >&2
}

echo "train.sh: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), raw results in $raw" >&2
for w in "${workloads[@]}"; do
  for t in $threads_list; do
    run crema "$w" "$t"
    run pytorch "$w" "$t"
  done
done

/usr/bin/python3 - "$raw" <<'EOF'
import json, sys
rows = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    rows.setdefault((r["workload"], r["threads"]), {})[r["framework"]] = r
print("| workload | threads | Crema samples/s | PyTorch samples/s | Crema / PyTorch | peak RSS Crema (MB) | peak RSS PyTorch (MB) | first step Crema (s) | first step PyTorch (s) |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for (w, t), fw in rows.items():
    c, p = fw.get("crema"), fw.get("pytorch")
    if not c or not p:
        continue
    print(f"| {w} | {t} | {c['samples_per_s']:,.0f} | {p['samples_per_s']:,.0f} | {c['samples_per_s'] / p['samples_per_s']:.2f}x "
          f"| {c['max_rss_kb'] / 1024:.0f} | {p['max_rss_kb'] / 1024:.0f} | {c['first_step_s']:.2f} | {p['first_step_s']:.2f} |")
EOF
