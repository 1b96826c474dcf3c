#!/usr/bin/env python3
"""bench/compile_time.py: what compiling with hamilton-cpp costs, beside a floor measured in the same run.

The run of record (issue 11). It takes hours on two cores and up to several GB per compile: run it
on a machine nothing else is compiling on, and paste its output (tables and command line) into
docs/performance.md:

  python3 bench/compile_time.py --work-dir build-bench/compile_time \\
      --sizes 1000 2000 4000 10000 --timeout 3600 --max-memory-gb 16 | tee build-bench/compile_time.md

For each compiler (g++, and clang++ when installed), one run compiles with `-std=c++20 -c`:

  floor    a program using fmt and the standard library only (<fmt/format.h>, <string>, <vector>,
           <map>; it formats and prints one string), at -O2 (and at -O0 when the README example
           is compiled at -O0 too): what any C++ program of this kind pays;
  header   `#include <hamilton/hamilton.hpp>` and an empty main(), -O2;
  readme   the code block under "## Example" in README.md, read from the README at each run so
           that it is always the example users see, at -O2 and -O0;
  graphs   generated programs of N nodes (--sizes) whose main() builds a driver and executes the
           last node typed and by name, -O2, in three shapes (--shapes):
             chain  f<i> reads f<i-1> (bench/gen_chain.py --kind compile --shape chain);
             graph  f<i> reads f<i-1> and f<i/2> (bench/gen_chain.py --kind compile --shape graph);
             wide   seed, workers reading seed, reducers of 32 nodes by level, total
                    (bench/gen_wide.py --kind compile).
  project  a project of --project modules, each compiled in its own unit with its functions in
           another (bench/gen_project.py; default 20 modules of 500 nodes): the full build unit by
           unit and the link (CPU summed, the largest peak RSS), a run checked against the expected
           value, then the rebuild after one function body is edited (that unit and the link).

Each row gives user CPU seconds (the small programs: the median of --repeat compiles, interleaved),
peak RSS (maximum resident set size), object size, user CPU over the floor's at the same -O level,
the length of the longest symbol name in the object and the total length of all its symbol names
(`nm`: a per-node symbol that spells out the whole graph makes the object quadratic in N), and for
the generated graphs the growth against the previous size of the same shape, in time and memory.
Growth is flagged when it is above 2.2x per doubling of the nodes (for sizes that are not doubled,
the ratio is also given per doubling: ratio ** (1 / log2(size ratio))). The goals of issue 11 are
judged in the last column. A compile that fails (an error, --timeout, --max-memory-gb) is reported
with the compiler's first error lines, verbatim, and the larger sizes of its shape are not run.

Both compilers need a higher constexpr limit than their default for large graphs, as the
hamilton CMake target gives them: the script adds -fconstexpr-steps=2147483647 to every clang
compile and -fconstexpr-ops-limit=4294967296 to every g++ compile, and says so, unless
--extra-flags gives one.

  python3 bench/compile_time.py --sizes 50 100 --compilers g++ --repeat 1      # a quick check
  python3 bench/compile_time.py --only header readme                           # floor, header, README
  python3 bench/compile_time.py --only graphs --shapes wide --sizes 4000 --extra-flags 'g++=-ftime-report'
  python3 bench/compile_time.py --only header --extra-flags=-ftime-report     # a flag for every compiler: '='
"""
import argparse
import datetime
import math
import os
import pathlib
import re
import resource
import shlex
import shutil
import signal
import statistics
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent

GROWTH_LIMIT = 2.2  # the most doubling the nodes may multiply time or memory by (issue 11)
CLANG_STEPS = "-fconstexpr-steps=2147483647"
GCC_OPS = "-fconstexpr-ops-limit=4294967296"

FLOOR_SOURCE = """\
// The floor: a program using fmt and the standard library only (bench/compile_time.py).
#include <fmt/format.h>

#include <map>
#include <string>
#include <vector>

int main(int argc, char**) {
    std::map<std::string, std::vector<double>> columns{{"spend", {10.0, 20.0, double(argc)}}};
    const auto& [name, values] = *columns.begin();
    fmt::print("{}\\n", fmt::format("{} has {} values, the last {:.2f}", name, values.size(), values.back()));
}
"""

HEADER_SOURCE = """\
// The header alone (bench/compile_time.py).
#include <hamilton/hamilton.hpp>

int main() {}
"""


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
        if re.search(r"(error|fatal error|internal compiler error|virtual memory exhausted|out of memory|bad_alloc)",
                     line, re.IGNORECASE) and not line.startswith("\tCommand"):
            if len(line) > 600:
                line = line[:600] + " [...]"
            lines.append(line.strip())
            if len(lines) >= limit:
                break
    return lines


def symbol_stats(obj: pathlib.Path) -> dict:
    """The longest symbol name in the object and the total length of all of them (nm, not demangled).

    nm's output is read line by line: when names spell out the whole graph it is far larger than
    the object, and only its lengths are wanted."""
    if not shutil.which("nm"):
        return {}
    longest = total = count = 0
    with subprocess.Popen(["nm", "-P", "--no-sort", str(obj)], stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, text=True, errors="replace") as proc:
        for line in proc.stdout:
            name = line.split(" ", 1)[0]  # -P: "name type [value size]"; mangled names have no spaces
            if name:
                count += 1
                total += len(name)
                longest = max(longest, len(name))
    return {"symbols": count, "longest_symbol": longest, "symbol_kb": total / 1024}


def compile_one(compiler: str, source: pathlib.Path, include: pathlib.Path, extra: list, timeout: float,
                max_memory_gb: float, opt: str = "-O2", keep_object: bool = False) -> dict:
    """Compiles `source` once under /usr/bin/time -v: its times, peak RSS, object and symbol sizes."""
    stem = f"{source.stem}.{pathlib.Path(compiler).name}{opt}"
    obj = source.with_name(stem + ".o")
    if obj.exists():
        obj.unlink()
    result = run_timed([compiler, "-std=c++20", opt, f"-I{include}", *extra, "-c", str(source), "-o", str(obj)],
                       source.with_name(stem + ".log"), timeout, max_memory_gb)
    if result.get("ok") and obj.exists():
        result["obj_mb"] = obj.stat().st_size / 1e6
        result.update(symbol_stats(obj))
        result["object"] = obj
        if not keep_object:
            obj.unlink()  # objects of large graphs are big; only their sizes are wanted
    return result


def run_timed(command: list, log: pathlib.Path, timeout: float, max_memory_gb: float) -> dict:
    """Runs a compiler or linker command once under /usr/bin/time -v: its times and peak RSS."""
    cmd = ["/usr/bin/time", "-v", *command]

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
            result["memory"] = bool(re.search(r"virtual memory exhausted|out of memory|bad_alloc|cannot allocate",
                                              stderr, re.IGNORECASE))
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        stdout, stderr = proc.communicate()
        log.write_text(stdout + stderr)
        result.update({"ok": False, "timeout": True, "wall": timeout,
                       "errors": [f"stopped after the time limit of {timeout:.0f} s"]})
    result["log"] = str(log)
    return result


def median_of(runs: list) -> dict:
    """One result for repeated compiles: the first failure, or the medians of time and memory."""
    for r in runs:
        if not r.get("ok"):
            return r
    out = dict(runs[-1])
    for key in ("wall", "user", "sys", "rss_mb"):
        values = [r[key] for r in runs if key in r]
        if values:
            out[key] = statistics.median(values)
    out["users"] = [r.get("user") for r in runs]
    return out


def cell(r: dict, key: str, fmt: str) -> str:
    if key not in r:
        return "–"
    return fmt.format(r[key])


def status_of(r: dict) -> str:
    if r.get("ok"):
        return "ok"
    if r.get("timeout"):
        return "time limit"
    if r.get("memory") or r.get("signal") == 9:
        return "FAILED (memory limit?)"
    return "FAILED"


def readme_example(readme: pathlib.Path) -> str:
    """The code block under "## Example" in the README, as users read it."""
    text = readme.read_text()
    section = re.search(r"^## Example[ \t]*$(.*?)(?=^## |\Z)", text, re.M | re.S)
    block = section and re.search(r"^```(?:cpp|c\+\+)[ \t]*\n(.*?)^```", section.group(1), re.M | re.S)
    if not block:
        sys.exit(f"{readme}: no ```cpp block under '## Example'; update bench/compile_time.py")
    return ("// The code block under \"## Example\" in README.md, copied by bench/compile_time.py.\n"
            + block.group(1))


def growth(n: float, value: float, prev: tuple) -> tuple:
    """(text, flagged): value over the previous size's, also per doubling when the sizes are not doubled."""
    if prev is None or not prev[1] or prev[0] == n:
        return "–", False
    ratio = value / prev[1]
    per_doubling = ratio ** (math.log(2) / math.log(n / prev[0]))
    flagged = per_doubling > GROWTH_LIMIT
    text = f"{ratio:.2f}×"
    if abs(n / prev[0] - 2) > 0.02:
        text += f" ({per_doubling:.2f}× per doubling)"
    return (f"**{text}**" if flagged else text), flagged


def split_extra_flags(items: list, compilers: list) -> dict:
    """--extra-flags values: 'FLAGS' for every compiler, or 'COMPILER=FLAGS' for one."""
    out = {c: [] for c in compilers}
    for item in items:
        m = re.match(r"^([^-=][^=]*)=(.*)$", item)
        if m and m.group(1) in out:
            out[m.group(1)] += shlex.split(m.group(2))
        elif m and not m.group(1).startswith("-"):
            sys.exit(f"--extra-flags {item!r}: {m.group(1)!r} is not one of the compilers {compilers}")
        else:
            for c in compilers:
                out[c] += shlex.split(item)
    return out


def project_rows(compiler: str, compile_, args, work: pathlib.Path, failures: list) -> None:
    """The generated project (bench/gen_project.py): the full build unit by unit, the link, a run
    checked against the expected value, and the rebuild after an edit of one function body."""
    modules, nodes = args.project
    out = work / f"project_{modules}x{nodes}"
    gen = [sys.executable, str(HERE / "gen_project.py"), "--modules", str(modules), "--nodes", str(nodes)]
    subprocess.run(gen + ["--out", str(out)], check=True)
    expected = subprocess.run(gen + ["--expect"], check=True, stdout=subprocess.PIPE, text=True).stdout.strip()
    program = out / f"program.{pathlib.Path(compiler).name}"

    def link(objects):
        return run_timed([compiler, *map(str, objects), "-o", str(program), "-lfmt", "-pthread"],
                         out / "link.log", args.timeout, args.max_memory_gb)

    print(f"\n#### A project of {modules} modules of {nodes} nodes ({modules * nodes} nodes), "
          f"`{compiler} -O2`\n")
    print("Generated by `bench/gen_project.py` (each module in its own `.cpp`, its functions in another, "
          "`main.cpp` building the driver from the compiled modules). CPU is user + system seconds.\n")
    print("| step | units | CPU s | largest unit's CPU s | peak RSS MB, largest | result |")
    print("|---|---:|---:|---:|---:|---|", flush=True)

    def step(label, results, goal=None):
        ok = all(r.get("ok") for r in results)
        cpu = sum(r.get("user", 0) + r.get("sys", 0) for r in results)
        largest = max(results, key=lambda r: r.get("user", 0) + r.get("sys", 0))
        rss = max(r.get("rss_mb", 0) for r in results)
        verdict = ("" if goal is None or not ok else " – " + goal(cpu, rss))
        print(f"| {label} | {len(results)} | {cpu:.1f} | {largest.get('user', 0) + largest.get('sys', 0):.1f} "
              f"| {rss:.0f} | {('ok' if ok else status_of(next(r for r in results if not r.get('ok')))) + verdict} |",
              flush=True)
        for r in results:
            if not r.get("ok"):
                failures.append((f"project step '{label}'", r))
        return ok

    kinds = [("main.cpp", [out / "main.cpp"]),
             ("modules (`m<k>.cpp`)", [out / f"m{k}.cpp" for k in range(modules)]),
             ("functions (`m<k>_functions.cpp`)", [out / f"m{k}_functions.cpp" for k in range(modules)])]
    objects, everything = [], []
    for label, sources in kinds:
        results = [compile_(source, "-O2", keep_object=True) for source in sources]
        objects += [r["object"] for r in results if r.get("ok")]
        everything += results
        if not step(f"compile {label}", results):
            return
    linked = link(objects)
    everything.append(linked)
    if not step("link", [linked]):
        return
    step("the full build", everything,
         lambda cpu, rss: f"goal ≤ 180 s CPU, no process above 1024 MB: {'met' if cpu <= 180 and rss <= 1024 else 'MISSED'}")
    ran = subprocess.run([str(program)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    printed = ran.stdout.strip()
    print(f"\nThe program printed `{printed}`; expected `{expected}`: "
          + ("**the same**." if ran.returncode == 0 and printed == expected else "**WRONG** (see above)."))
    if printed != expected:
        failures.append(("project run", {"log": str(program), "errors": [printed or f"exit {ran.returncode}"]}))
        return

    edited = modules // 2
    subprocess.run(gen + ["--out", str(out), "--edit", str(edited), "1"], check=True)
    unit = compile_(out / f"m{edited}_functions.cpp", "-O2", keep_object=True)
    objects = [o for o in objects if not o.name.startswith(f"m{edited}_functions.")] + (
        [unit["object"]] if unit.get("ok") else [])
    relinked = link(objects) if unit.get("ok") else {"ok": False}
    wall = unit.get("wall", 0) + relinked.get("wall", 0)
    step(f"after an edit of one body in m{edited}_functions.cpp: that unit and the link", [unit, relinked],
         lambda cpu, rss: f"{wall:.1f} s wall; goal ≤ 10 s: {'met' if max(cpu, wall) <= 10 else 'MISSED'}")


def git_describe() -> str:
    try:
        return subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000],
                        help="nodes of the generated graphs (default 1000 2000 4000)")
    parser.add_argument("--shapes", nargs="+", choices=["chain", "graph", "wide"], default=["chain", "graph", "wide"])
    parser.add_argument("--compilers", nargs="+", default=None, help="default: g++, and clang++ when installed")
    parser.add_argument("--only", nargs="+", choices=["floor", "header", "readme", "graphs", "project"],
                        default=["floor", "header", "readme", "graphs", "project"],
                        help="the parts to run (default all); the floor is measured in every run, since every "
                             "row is compared with it")
    parser.add_argument("--extra-flags", nargs="+", action="extend", default=[], metavar="[COMPILER=]FLAGS",
                        help="more compiler flags, for every compiler or, as 'clang++=FLAGS', for one")
    parser.add_argument("--repeat", type=int, default=3,
                        help="compiles of the floor, the header and the README example, interleaved; the "
                             "median is shown (default 3)")
    parser.add_argument("--graph-repeat", type=int, default=1,
                        help="compiles of each generated graph; the median is shown (default 1)")
    parser.add_argument("--baseline", action="store_true",
                        help="also compile each generated graph's functions called by hand, without the library")
    parser.add_argument("--project", type=int, nargs=2, default=[20, 500], metavar=("MODULES", "NODES"),
                        help="the generated project: modules, nodes per module (default 20 500)")
    parser.add_argument("--timeout", type=float, default=2400, help="seconds per compile (default 2400)")
    parser.add_argument("--max-memory-gb", type=float, default=16,
                        help="address-space limit of each compile, to protect a shared machine (0: none)")
    parser.add_argument("--work-dir", default=str(ROOT / "build-bench" / "compile_time"))
    parser.add_argument("--include", default=str(ROOT / "include"))
    parser.add_argument("--readme", default=str(ROOT / "README.md"))
    args = parser.parse_args()
    if args.repeat < 1 or args.graph_repeat < 1:
        parser.error("--repeat and --graph-repeat must be at least 1")

    compilers = args.compilers or [c for c in ("g++", "clang++") if shutil.which(c)]
    work = pathlib.Path(args.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    include = pathlib.Path(args.include)
    extra_flags = split_extra_flags(args.extra_flags, compilers)
    only = set(args.only)

    sources = {"floor": work / "floor.cpp", "header": work / "header.cpp", "readme": work / "readme_example.cpp"}
    sources["floor"].write_text(FLOOR_SOURCE)
    sources["header"].write_text(HEADER_SOURCE)
    readme_text = readme_example(pathlib.Path(args.readme))
    sources["readme"].write_text(readme_text)
    readme_nodes = readme_text.count("HAMILTON_NODE(")

    print("```")
    print("$ " + shlex.join(["python3", *sys.argv]))
    print("```\n")
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"- date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores; "
          f"load average before: {load}")
    print(f"- library: git {git_describe()}; generated sources, logs: {work}")
    print(f"- limits per compile: {args.timeout:.0f} s, "
          + (f"{args.max_memory_gb:g} GB of address space" if args.max_memory_gb > 0 else "no memory limit"))
    print("- user CPU time, not wall time: on a shared machine wall time includes waiting; "
          f"growth above {GROWTH_LIMIT}× per doubling of the nodes is in bold\n", flush=True)

    for compiler in compilers:
        version = subprocess.run([compiler, "--version"], stdout=subprocess.PIPE, text=True).stdout.splitlines()[0]
        is_clang = "clang" in version.lower()
        extra = list(extra_flags[compiler])
        notes = []
        if is_clang and not any(f.startswith("-fconstexpr-steps") for f in extra):
            extra.append(CLANG_STEPS)
            notes.append(f"`{CLANG_STEPS}` added to every compile, as the hamilton CMake target does: clang's "
                         "default of 1048576 constexpr steps is too few for large graphs")
        if not is_clang and not any(f.startswith("-fconstexpr-ops-limit") for f in extra):
            extra.append(GCC_OPS)
            notes.append(f"`{GCC_OPS}` added to every compile, as the hamilton CMake target does: g++'s "
                         "default of 33554432 constexpr operations is too few for a wide graph of 4000 nodes")
        flags = " ".join(extra)
        print(f"### Compile cost, `{compiler}` ({version})\n")
        print(f"Each row: `{compiler} -std=c++20 -O2|-O0 -I<include> {flags + ' ' if flags else ''}-c <file>`. "
              "The floor, the header and the README example: "
              + (f"median of {args.repeat} compiles, interleaved" if args.repeat > 1 else "one compile each")
              + (f"; each graph: median of {args.graph_repeat}" if args.graph_repeat > 1 else "") + ".")
        for note in notes:
            print(f"\n{note}.")
        print()
        print("| program | opt | user CPU s | × floor | peak RSS MB | object MB | longest symbol, chars "
              "| all symbol names, KB | growth: time | growth: memory | result |")
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|", flush=True)

        def compile_(source, opt, keep_object=False):
            return compile_one(compiler, source, include, extra, args.timeout, args.max_memory_gb, opt,
                               keep_object)

        floors = {}  # opt -> the floor's result

        def row(label, opt, r, growth_cells=("–", "–"), result=None):
            floor = floors.get(opt, {})
            ratio = (f"{r['user'] / floor['user']:.2f}"
                     if r.get("ok") and floor.get("ok") and floor.get("user") else "–")
            print(f"| {label} | {opt} | {cell(r, 'user', '{:.2f}')} | {ratio} | {cell(r, 'rss_mb', '{:.0f}')} "
                  f"| {cell(r, 'obj_mb', '{:.2f}')} | {cell(r, 'longest_symbol', '{:d}')} "
                  f"| {cell(r, 'symbol_kb', '{:.0f}')} | {growth_cells[0]} | {growth_cells[1]} "
                  f"| {result or status_of(r)} |", flush=True)

        def verdict(met: bool) -> str:
            return "met" if met else "MISSED"

        # The small programs, interleaved so that a change of the machine's load touches them alike.
        small = [("floor", "-O2")]
        if "readme" in only:
            small.append(("floor", "-O0"))
        small += [(p, "-O2") for p in ("header", "readme") if p in only]
        if "readme" in only:
            small.append(("readme", "-O0"))
        runs = {key: [] for key in small}
        for _ in range(args.repeat):
            for key in small:
                runs[key].append(compile_(sources[key[0]], key[1]))
        results = {key: median_of(rs) for key, rs in runs.items()}
        failures = [(f"{key[0]} {key[1]}", r) for key, r in results.items() if not r.get("ok")]
        floors = {opt: results[("floor", opt)] for (p, opt) in small if p == "floor"}

        def ratio_goal(r, opt, most):
            floor = floors[opt]
            if not (r.get("ok") and floor.get("ok")):
                return status_of(r)
            return f"ok – goal ≤ {most}× floor: {verdict(r['user'] <= most * floor['user'])}"

        for key in small:
            r = results[key]
            if key[0] == "floor":
                row("floor: fmt + standard library", key[1], r)
            elif key[0] == "header":
                row("`#include <hamilton/hamilton.hpp>`, empty `main`", key[1], r, result=ratio_goal(r, "-O2", 2))
            elif key[1] == "-O2":
                row(f"README example ({readme_nodes} nodes)", key[1], r, result=ratio_goal(r, "-O2", 4))
            else:
                row(f"README example ({readme_nodes} nodes)", key[1], r)

        if "graphs" in only:
            stopped = set()  # shapes of which a smaller graph already failed
            previous = {}    # shape -> (nodes, user CPU s, peak RSS MB) of the previous size
            for n in sorted(args.sizes):
                for shape in args.shapes:
                    if shape in stopped:
                        row(f"{shape}, {n} nodes", "-O2", {}, result="not run (a smaller graph already failed)")
                        continue
                    source = work / f"{shape}_{n}.cpp"
                    base = work / f"baseline_{shape}_{n}.cpp"
                    if shape == "wide":
                        gen = [sys.executable, str(HERE / "gen_wide.py"), "--kind", "compile", "--nodes", str(n)]
                    else:
                        gen = [sys.executable, str(HERE / "gen_chain.py"), "--kind", "compile", "--nodes", str(n),
                               "--shape", shape]
                    subprocess.run(gen + ["--out", str(source)], check=True)
                    # The wide graph has n nodes or n - 1 (see gen_wide.py): its own count, from its header line.
                    nodes = n
                    m = re.search(r"^// (\d+) nodes", source.read_text(errors="replace")[:4000], re.M)
                    if m:
                        nodes = int(m.group(1))
                    r = median_of([compile_(source, "-O2") for _ in range(args.graph_repeat)])
                    cells, notes = ("–", "–"), []
                    if r.get("ok"):
                        prev = previous.get(shape)
                        g_time, f_time = growth(nodes, r["user"], prev and (prev[0], prev[1]))
                        g_mem, f_mem = growth(nodes, r["rss_mb"], prev and (prev[0], prev[2]))
                        cells = (g_time, g_mem)
                        if prev:
                            bad = [what for what, f in (("time", f_time), ("memory", f_mem)) if f]
                            notes.append(f"growth ≤ {GROWTH_LIMIT}× per doubling: "
                                         + ("met" if not bad else "MISSED (" + ", ".join(bad) + ")"))
                        previous[shape] = (nodes, r["user"], r["rss_mb"])
                        # Issue 11's goals for g++ 12 at -O2 (seconds, MB, as written there).
                        goal = {1000: (12, 700, "700 MB"), 10000: (150, 6144, "6 GB")}.get(n)
                        if goal and not is_clang:
                            notes.append(f"goal (g++) ≤ {goal[0]} s, ≤ {goal[2]}: "
                                         + verdict(r["user"] <= goal[0] and r["rss_mb"] <= goal[1]))
                    else:
                        failures.append((f"{n}-node {shape}", r))
                        stopped.add(shape)
                    row(f"{shape}, {nodes} nodes", "-O2", r, cells,
                        " – ".join([status_of(r)] + notes))
                    if args.baseline:
                        subprocess.run(gen + ["--baseline", "--out", str(base)], check=True)
                        b = median_of([compile_(base, "-O2") for _ in range(args.graph_repeat)])
                        row(f"{shape}, {nodes} nodes, called by hand without the library", "-O2", b)
                        if not b.get("ok"):
                            failures.append((f"{n}-node {shape} without the library", b))
            # The floor again: over a long run the machine's load may have changed.
            again = median_of([compile_(sources["floor"], "-O2") for _ in range(args.repeat)])
            if again.get("ok") and floors["-O2"].get("ok"):
                print(f"\nThe floor again after the graphs: {again['user']:.2f} s user CPU, {again['rss_mb']:.0f} MB "
                      f"(at the start: {floors['-O2']['user']:.2f} s, {floors['-O2']['rss_mb']:.0f} MB).")

        if "project" in only:
            project_rows(compiler, compile_, args, work, failures)

        if args.repeat > 1:
            # Below the table, not in it: the spread shows how noisy the machine was.
            print("\nEach compile of the small programs, user CPU s: " + "; ".join(
                f"{name} {opt} " + " ".join(f"{u:.2f}" for u in r["users"] if u is not None)
                for (name, opt), r in results.items() if r.get("users")) + ".")
        for what, r in failures:
            print(f"\n{compiler}, {what}, failed; compile log: {r['log']}; first error lines, verbatim:\n")
            print("```")
            for line in r.get("errors") or ["(no error line found; see the log)"]:
                print(line)
            print("```")
        print(flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
