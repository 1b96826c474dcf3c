#!/usr/bin/env bash
# bench/run.sh: builds and runs every benchmark of docs/performance.md and prints the results as
# Markdown (also written to $BUILD_DIR/results.md).
#
#   bash bench/run.sh
#
# Settings (environment variables):
#   BUILD_DIR          build directory (default: build-bench in the repository)
#   JOBS               parallel build jobs (default 1: the 1000-node benchmark needs several GB)
#   CHAIN_NODES        nodes of each of bench_chain's two chains (default 1000)
#   WORK_ROUNDS        rounds of work per node measured by `bench_chain work` (default "0 1 2 4 6 8 12 16 24 32")
#   CALLGRIND_ROUNDS   rounds of work per node of the chain with work under callgrind (default 12)
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
work_rounds="${WORK_ROUNDS:-0 1 2 4 6 8 12 16 24 32}"
callgrind_rounds="${CALLGRIND_ROUNDS:-12}"
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
  build_wall=$(sed -n 's/^\tElapsed (wall clock) time (h:mm:ss or m:ss): //p' "$build/build.time")
  build_user=$(sed -n 's/^\tUser time (seconds): //p' "$build/build.time")
  build_rss=$(awk '/Maximum resident set size/ {printf "%.0f MB", $6 / 1024}' "$build/build.time")
  echo "- building the benchmarks (bench_chain with two $chain_nodes-node chains, and bench_memory; -j $jobs):" \
       "${build_wall:-?} wall, ${build_user:-?} s user CPU, peak compiler memory ${build_rss:-?}"
  echo
  echo "## Results"
  echo
  "$build/bench/bench_chain" execute
  # shellcheck disable=SC2086
  "$build/bench/bench_chain" work $work_rounds
  "$build/bench/bench_chain" build

  if [[ -z "${SKIP_CALLGRIND:-}" ]] && command -v valgrind > /dev/null; then
    reps=50
    # Instructions per node of one variant (valgrind counts only inside measured_<variant>()).
    callgrind_per_node() {
      local v=$1 out ir nodes
      out=$(valgrind --tool=callgrind --toggle-collect='*measured_*' --callgrind-out-file="$build/callgrind.$v.out" \
              "$build/bench/bench_chain" callgrind "$v" "$reps" "$callgrind_rounds" 2> "$build/callgrind.$v.log")
      nodes=$(awk '{print $3}' <<< "$out")
      ir=$(sed -n 's/^==[0-9]*== Collected : //p' "$build/callgrind.$v.log")
      awk -v ir="$ir" -v r="$reps" -v n="$nodes" 'BEGIN {printf "%.1f", ir / r / n}'
    }
    for chain in trivial work; do
      if [[ $chain == trivial ]]; then
        echo "### Instruction counts, trivial chain (valgrind --tool=callgrind, $reps executions, only inside the measured loop)"
        prefix=""
      else
        echo "### Instruction counts, chain with work, R = $callgrind_rounds (valgrind --tool=callgrind, $reps executions, only inside the measured loop)"
        prefix="work_"
      fi
      echo
      echo "| variant | instructions per node | × hand-written | instructions per node above hand-written |"
      echo "|---|---:|---:|---:|"
      hand=""
      for v in hand typed by_name; do
        per_node=$(callgrind_per_node "$prefix$v")
        if [[ -z "$hand" ]]; then hand="$per_node"; fi
        case $v in
          hand) name="hand-written calls" ;;
          typed) name="typed execute" ;;
          *) name="execute by name" ;;
        esac
        awk -v name="$name" -v p="$per_node" -v h="$hand" \
          'BEGIN {printf "| %s | %.1f | %.2f | %.1f |\n", name, p, p / h, p - h}'
      done
      echo
    done
    if command -v callgrind_annotate > /dev/null; then
      echo "### Where the instructions of the typed execute go (trivial chain, callgrind self counts per node)"
      echo
      callgrind_annotate --inclusive=no --threshold=100 "$build/callgrind.typed.out" 2> /dev/null |
        python3 "$root/bench/callgrind_table.py" --per "$((reps * chain_nodes))"
      echo
    fi
  fi

  "$build/bench/bench_memory"

  # Parallel execution (issue 4): fan-out cost per item, wide graphs on 2 threads against oneTBB,
  # lifecycle hook cost per node.
  "$build/bench/bench_parallel" fan-out 10 1000 100000
  "$build/bench/bench_parallel" wide 10000
  "$build/bench/bench_wide"
  "$build/bench/bench_hooks"
  # Modules compiled in their own units (issue 11): execute's per-node cost across units.
  "$build/bench/bench_units"

  if [[ -z "${SKIP_COMPILE_TIME:-}" ]]; then
    compilers=()
    [[ -n "${COMPILERS:-}" ]] && read -r -a compilers <<< "$COMPILERS"
    # shellcheck disable=SC2086
    python3 "$root/bench/compile_time.py" --work-dir "$build/compile_time" --sizes $compile_sizes \
      --timeout "${COMPILE_TIMEOUT:-2400}" ${compilers[@]+--compilers "${compilers[@]}"}
  fi
} | tee "$results"
echo "results written to $results" >&2
