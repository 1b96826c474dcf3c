#!/usr/bin/env bash
# bench/run.sh: builds and runs every benchmark of docs/performance.md and prints the results as
# Markdown (also written to $BUILD_DIR/results.md).
#
#   bash bench/run.sh
#
# Settings (environment variables):
#   BUILD_DIR          build directory (default: build-bench in the repository)
#   JOBS               parallel build jobs (default 1: the 1000-node benchmark needs several GB)
#   CHAIN_NODES        nodes of bench_chain's chain (default 1000)
#   COMPILE_SIZES      graph sizes for compile_time.py (default "100 300 1000")
#   COMPILERS          compilers for compile_time.py (default: g++, and clang++ when installed)
#   COMPILE_TIMEOUT    seconds allowed per compile in compile_time.py (default 2400)
#   SKIP_CALLGRIND=1   skip the instruction counts (also skipped when valgrind is not installed)
#   SKIP_COMPILE_TIME=1  skip compile_time.py
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$root/build-bench}"
jobs="${JOBS:-1}"
chain_nodes="${CHAIN_NODES:-1000}"
compile_sizes="${COMPILE_SIZES:-100 300 1000}"
mkdir -p "$build"
results="$build/results.md"

if [[ ! -x /usr/bin/time ]]; then
  if [[ $(id -u) == 0 ]] && command -v apt-get > /dev/null; then
    apt-get install -y time > /dev/null
  else
    echo "bench/run.sh needs GNU time (/usr/bin/time): apt-get install time" >&2
    exit 1
  fi
fi

generator=()
command -v ninja > /dev/null && generator=(-G Ninja)
cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DHAMILTON_BUILD_BENCHMARKS=ON \
  -DHAMILTON_BUILD_TESTS=OFF -DHAMILTON_BUILD_EXAMPLES=OFF -DHAMILTON_INSTALL=OFF \
  -DHAMILTON_BENCH_CHAIN_NODES="$chain_nodes" > "$build/configure.log"
echo "building the benchmarks (log: $build/build.log)" >&2
/usr/bin/time -v cmake --build "$build" -j "$jobs" > "$build/build.log" 2> "$build/build.time" || {
  tail -n 40 "$build/build.log" >&2
  exit 1
}

{
  echo "## Machine and date"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores available (shared with other work)"
  echo "- memory: $(free -g | awk '/^Mem:/ {print $2}') GB"
  echo "- $(g++ --version | head -n 1)"
  command -v clang++ > /dev/null && echo "- $(clang++ --version | head -n 1)"
  echo "- $(cmake --version | head -n 1); benchmarks built with -O2 (Release)"
  echo "- library: git $(git -C "$root" describe --always --dirty 2> /dev/null || echo unknown)"
  echo "- building the benchmarks: $(sed -n 's/^\tElapsed (wall clock) time (h:mm:ss or m:ss): //p' "$build/build.time") wall," \
       "peak compiler memory $(awk '/Maximum resident set size/ {printf "%.0f MB", $6 / 1024}' "$build/build.time")" \
       "($chain_nodes-node bench_chain and bench_memory, -j $jobs)"
  echo
  echo "## Results"
  echo
  "$build/bench/bench_chain" execute
  "$build/bench/bench_chain" build

  if [[ -z "${SKIP_CALLGRIND:-}" ]] && command -v valgrind > /dev/null; then
    reps=50
    echo "### Instruction counts (valgrind --tool=callgrind, $reps executions, only inside the measured loop)"
    echo
    echo "| variant | instructions per node | × hand-written | instructions per node above hand-written |"
    echo "|---|---:|---:|---:|"
    hand=""
    for v in hand typed by_name; do
      out=$(valgrind --tool=callgrind --toggle-collect='*measured_*' --callgrind-out-file="$build/callgrind.$v.out" \
              "$build/bench/bench_chain" callgrind "$v" "$reps" 2> "$build/callgrind.$v.log")
      nodes=$(awk '{print $3}' <<< "$out")
      ir=$(sed -n 's/^==[0-9]*== Collected : //p' "$build/callgrind.$v.log")
      per_node=$(awk -v ir="$ir" -v r="$reps" -v n="$nodes" 'BEGIN {printf "%.1f", ir / r / n}')
      [[ -z "$hand" ]] && hand="$per_node"
      name=$v
      [[ $v == hand ]] && name="hand-written calls"
      [[ $v == typed ]] && name="typed execute"
      [[ $v == by_name ]] && name="execute by name"
      awk -v name="$name" -v p="$per_node" -v h="$hand" \
        'BEGIN {printf "| %s | %.1f | %.2f | %.1f |\n", name, p, p / h, p - h}'
    done
    echo
  fi

  "$build/bench/bench_memory"

  if [[ -z "${SKIP_COMPILE_TIME:-}" ]]; then
    compilers=()
    [[ -n "${COMPILERS:-}" ]] && read -r -a compilers <<< "$COMPILERS"
    # shellcheck disable=SC2086
    python3 "$root/bench/compile_time.py" --work-dir "$build/compile_time" --sizes $compile_sizes \
      --timeout "${COMPILE_TIMEOUT:-2400}" ${compilers[@]+--compilers "${compilers[@]}"}
  fi
} | tee "$results"
echo "results written to $results" >&2
