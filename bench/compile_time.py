#!/usr/bin/env python3
"""bench/compile_time.py: compile time and peak compiler memory of generated graphs.

For each compiler, each size N and each shape, generates (with bench/gen_chain.py --kind compile)
a program of N nodes that builds a driver and executes the last node typed and by name, compiles
it with `-std=c++20 -O2 -c` under `/usr/bin/time -v`, and prints a Markdown table: wall time,
user and system CPU time, peak memory (max RSS), object size. Shapes: graph (f0 reads x, f1 reads
f0, f2 reads f1 and f0, f<i> reads f<i-1> and f<i/2>: the benchmark of issue 2's goal) and chain
(f<i> reads f<i-1> only). A baseline (the same functions called by hand, no library) is compiled
too, so the library's share is visible. A compile that fails (an error, the time limit, the
memory limit) is reported with the compiler's first error lines, verbatim.

  python3 bench/compile_time.py --work-dir build-bench/compile_time
  python3 bench/compile_time.py --sizes 100 300 --compilers g++ --timeout 600
"""
import argparse
import os
import pathlib
import re
import resource
import shutil
import signal
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent


def parse_time_v(text: str) -> dict:
    """The numbers of GNU time's -v report."""
    out = {}
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text)
    if m:
        parts = [float(p) for p in m.group(1).split(":")]
        secs = 0.0
        for p in parts:
            secs = secs * 60 + p
        out["wall"] = secs
    for key, label in (("user", "User time (seconds)"), ("sys", "System time (seconds)")):
        m = re.search(re.escape(label) + r": (\S+)", text)
        if m:
            out[key] = float(m.group(1))
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    if m:
        out["rss_mb"] = int(m.group(1)) / 1024
    m = re.search(r"Exit status: (\d+)", text)
    if m:
        out["status"] = int(m.group(1))
    m = re.search(r"Command terminated by signal (\d+)", text)
    if m:
        out["signal"] = int(m.group(1))
    return out


def first_errors(log: str, limit: int = 4) -> list:
    """The compiler's first error lines (and fatal/ICE lines), shortened if enormous."""
    lines = []
    for line in log.splitlines():
        if re.search(r"(error|fatal error|internal compiler error|virtual memory exhausted|out of memory)", line,
                     re.IGNORECASE) and not line.startswith("\tCommand"):
            if len(line) > 600:
                line = line[:600] + " [...]"
            lines.append(line.strip())
            if len(lines) >= limit:
                break
    return lines


def compile_one(compiler: str, source: pathlib.Path, include: pathlib.Path, extra: list, timeout: float,
                max_memory_gb: float) -> dict:
    obj = source.with_suffix(".o")
    log = source.with_suffix(f".{pathlib.Path(compiler).name}.log")
    if obj.exists():
        obj.unlink()
    cmd = ["/usr/bin/time", "-v", compiler, "-std=c++20", "-O2", f"-I{include}", *extra, "-c", str(source),
           "-o", str(obj)]

    def limit_memory():
        if max_memory_gb > 0:
            limit = int(max_memory_gb * 1024 ** 3)
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    result = {"cmd": " ".join(cmd[2:])}
    # A session of its own, so that on timeout the whole group (time, the driver, cc1plus) is killed.
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace",
                            preexec_fn=limit_memory, start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
        log.write_text(stdout + stderr)
        result.update(parse_time_v(stderr))
        result["ok"] = proc.returncode == 0
        if not result["ok"]:
            result["errors"] = first_errors(stderr)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        stdout, stderr = proc.communicate()
        log.write_text(stdout + stderr)
        result.update({"ok": False, "timeout": True, "wall": timeout,
                       "errors": [f"stopped after the time limit of {timeout:.0f} s"]})
    if result.get("ok") and obj.exists():
        result["obj_mb"] = obj.stat().st_size / 1e6
        obj.unlink()  # objects of large graphs are big; only their size is wanted
    result["log"] = str(log)
    return result


def cell(r: dict, key: str, fmt: str) -> str:
    if key not in r:
        return "–"
    return fmt.format(r[key])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 1000])
    parser.add_argument("--compilers", nargs="+", default=None,
                        help="default: g++, and clang++ when installed")
    parser.add_argument("--work-dir", default=str(ROOT / "build-bench" / "compile_time"))
    parser.add_argument("--include", default=str(ROOT / "include"))
    parser.add_argument("--extra-flags", default="", help="more compiler flags, one string")
    parser.add_argument("--timeout", type=float, default=2400, help="seconds per compile (default 2400)")
    parser.add_argument("--max-memory-gb", type=float, default=16,
                        help="address-space limit of each compile, to protect a shared machine (0: none)")
    parser.add_argument("--shapes", nargs="+", choices=["graph", "chain"], default=["graph", "chain"],
                        help="graph: most nodes read two others (the goal's benchmark); chain: each reads one")
    parser.add_argument("--no-baseline", action="store_true", help="skip the compiles without the library")
    args = parser.parse_args()

    compilers = args.compilers or [c for c in ("g++", "clang++") if shutil.which(c)]
    work = pathlib.Path(args.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    extra = args.extra_flags.split()

    shape_text = {"graph": "graph (2 deps/node)", "chain": "chain (1 dep/node)"}
    for compiler in compilers:
        version = subprocess.run([compiler, "--version"], stdout=subprocess.PIPE, text=True).stdout.splitlines()[0]
        print(f"### Compile time, `{compiler} -std=c++20 -O2 -c` ({version})\n", flush=True)
        print("| nodes | shape | wall s | user CPU s | system CPU s | peak RSS MB | object MB | result "
              "| baseline without the library: user CPU s / peak RSS MB |")
        print("|---:|---|---:|---:|---:|---:|---:|---|---|", flush=True)
        failures = []
        stopped = set()  # shapes of which a smaller graph already failed
        for n in sorted(args.sizes):
            for shape in args.shapes:
                if shape in stopped:
                    print(f"| {n} | {shape_text[shape]} | – | – | – | – | – | not run (a smaller graph already failed) "
                          "| – |", flush=True)
                    continue
                source = work / f"{shape}_{n}.cpp"
                base = work / f"baseline_{shape}_{n}.cpp"
                gen = [sys.executable, str(HERE / "gen_chain.py"), "--kind", "compile", "--nodes", str(n),
                       "--shape", shape]
                subprocess.run(gen + ["--out", str(source)], check=True)
                subprocess.run(gen + ["--baseline", "--out", str(base)], check=True)
                r = compile_one(compiler, source, pathlib.Path(args.include), extra, args.timeout, args.max_memory_gb)
                b = ({} if args.no_baseline else
                     compile_one(compiler, base, pathlib.Path(args.include), extra, args.timeout, args.max_memory_gb))
                status = "ok" if r.get("ok") else ("time limit" if r.get("timeout") else "FAILED")
                if r.get("ok") and n == 1000:
                    # User CPU time, not wall time: on a shared machine the wall time includes waiting.
                    status += " – goal (for g++) ≤ 30 s, ≤ 2 GB: " + (
                        "met" if r.get("user", 0) <= 30 and r.get("rss_mb", 0) <= 2048 else "MISSED")
                baseline = (f"{b.get('user', 0):.1f} / {b.get('rss_mb', 0):.0f}" if b.get("ok") else "–")
                print(f"| {n} | {shape_text[shape]} | {cell(r, 'wall', '{:.1f}')} | {cell(r, 'user', '{:.1f}')} "
                      f"| {cell(r, 'sys', '{:.1f}')} | {cell(r, 'rss_mb', '{:.0f}')} | {cell(r, 'obj_mb', '{:.1f}')} "
                      f"| {status} | {baseline} |", flush=True)
                if not r.get("ok"):
                    failures.append((n, shape, r))
                    stopped.add(shape)
        for n, shape, r in failures:
            print(f"\n{compiler}, {n}-node {shape}, failed; compile log: {r['log']}; first error lines, verbatim:\n")
            print("```")
            for line in r.get("errors") or ["(no error line found; see the log)"]:
                print(line)
            print("```")
        print(flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
