#!/usr/bin/env bash
# SGEMM: Crema (JMH, crema-bench.jar) against numpy/OpenBLAS in the same run, interleaved
# (Crema then numpy, per thread count, per round) so that load from other processes hits both alike.
# Prints median GFLOP/s tables and ratios; raw results stay in bench-results/gemm-<time>/.
#   bench/gemm.sh                 # square N=256..2048 and the small CNN's conv GEMMs, 1 and 2 threads, 3 rounds
#   ROUNDS=5 THREADS="1 2 4" bench/gemm.sh
# A last table (CPU_TABLE=0 skips it) divides by the measuring thread's CPU time, one thread only.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
crema_find_jdk || exit 1
ROUNDS=${ROUNDS:-3}
THREADS=${THREADS:-"1 2"}
SQUARE=${SQUARE:-"256x256x256:NN,512x512x512:NN,1024x1024x1024:NN,2048x2048x2048:NN"}
# the small CNN at batch 64 on 28x28 (im2col): conv1 1->32 and conv2 32->64 forward (NN), weight
# gradients dW = dY X^T (NT), input gradient dX = W^T dY (TN)
CONV=${CONV:-"32x50176x9:NN,64x12544x288:NN,64x288x12544:NT,288x12544x64:TN,32x9x50176:NT"}
JAR=${JAR:-crema-bench/target/crema-bench.jar}
# more warm-up windows than GemmBenchmark's default: on a loaded machine C2 takes seconds to get to the kernels
JMH_OPTS=${JMH_OPTS:-"-wi 10"}
PY=/usr/bin/python3

[ -f "$JAR" ] || ./build -q -pl crema-bench -am package -DskipTests
if ! $PY -c 'import numpy' 2>/dev/null; then
  echo "numpy is missing: apt-get install -y python3-numpy libopenblas0-openmp" >&2
  exit 1
fi
OUT=bench-results/gemm-$(date -u +%Y%m%dT%H%M%S)
mkdir -p "$OUT"
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)" | tee "$OUT/machine.txt"
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, when set, force OpenBLAS's AVX2 kernel: unset for the honest reference
$PY -c 'import numpy; numpy.show_config()' > "$OUT/numpy-config.txt" 2>&1 || true

for round in $(seq 1 "$ROUNDS"); do
  for t in $THREADS; do
    for set in SQUARE CONV; do
      shapes=${!set}
      echo "round $round/$ROUNDS, $t thread(s), $set: Crema" >&2
      "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -jar "$JAR" jmh GemmBenchmark $JMH_OPTS -p shape="$shapes" \
          -jvmArgsAppend "--add-modules=jdk.incubator.vector -Dcrema.threads=$t" \
          -rf json -rff "$OUT/crema-$set-t$t-r$round.json" > "$OUT/crema-$set-t$t-r$round.log" 2>&1
      echo "round $round/$ROUNDS, $t thread(s), $set: numpy" >&2
      env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t \
          $PY bench/gemm_numpy.py ${shapes//,/ } > "$OUT/numpy-$set-t$t-r$round.jsonl"
    done
  done
done
# one thread, throughput per CPU second of the measuring thread: what the kernels do when they get the
# core, whatever else the machine runs (wall-clock tables above suffer from any other load)
if [ "${CPU_TABLE:-1}" = 1 ]; then
  for round in $(seq 1 "$ROUNDS"); do
    echo "round $round/$ROUNDS, 1 thread, CPU time: Crema, numpy" >&2
    "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -Dcrema.threads=1 -jar "$JAR" gemm --cpu --json \
        ${SQUARE//,/ } ${CONV//,/ } > "$OUT/cpu-crema-t1-r$round.jsonl" 2>/dev/null
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 \
        $PY bench/gemm_numpy.py --cpu ${SQUARE//,/ } ${CONV//,/ } > "$OUT/cpu-numpy-t1-r$round.jsonl"
  done
fi
uptime > "$OUT/load.txt"
$PY bench/gemm_report.py "$OUT" | tee "$OUT/report.md"
