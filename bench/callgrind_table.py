#!/usr/bin/env python3
"""bench/callgrind_table.py: turns `callgrind_annotate --inclusive=no` output (on stdin) into a
Markdown table of instructions per node, one row per function, names shortened (template and
function arguments elided), the largest first.

  callgrind_annotate --inclusive=no --threshold=100 callgrind.typed.out \\
      | python3 bench/callgrind_table.py --per 50000

--per is what the counts are divided by: executions × nodes per execution.
"""
import argparse
import re
import sys

LINE = re.compile(r"^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(.*?)(?:\s+\[[^\]]*\])?\s*$")


def elide(text: str, open_ch: str, close_ch: str) -> str:
    """Replaces what is between each outermost open_ch/close_ch pair by an ellipsis."""
    out, depth = [], 0
    for ch in text:
        if ch == open_ch:
            if depth == 0:
                out.append(open_ch + "…")
            depth += 1
        elif ch == close_ch and depth > 0:
            depth -= 1
            if depth == 0:
                out.append(close_ch)
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def short_name(symbol: str) -> str:
    name = symbol.split(":", 1)[1] if re.match(r"^[^:]*\.[^:]*:|^\?\?\?:", symbol) else symbol
    if name.startswith("_Z"):  # a name too long for callgrind_annotate to demangle
        if name.startswith("_ZNK8hamilton6driver"):
            return "hamilton::driver<…all the nodes…>::execute<…>(…) (typed execute, not inlined)"
        return name[:60] + "…"
    name = elide(elide(name, "(", ")"), "<", ">")
    name = name.replace("operator<…>", "operator<<")
    if re.fullmatch(r"chain::[fw]\d+\(…\)", name):
        return "the node functions (chain::f<i>, w<i>)"
    if re.fullmatch(r"(_int_free|_int_malloc|malloc|free|cfree|unlink_chunk\.constprop\.0|malloc_consolidate"
                    r"|operator new\(…\)|operator delete\(…\)|tcache_\w+)", name):
        return "malloc / free (libc, operator new / delete)"
    return name


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per", type=float, required=True, help="divide counts by this (executions × nodes)")
    parser.add_argument("--rows", type=int, default=12, help="functions shown; the rest are summed")
    args = parser.parse_args()

    rows, total, in_functions = [], None, False
    for line in sys.stdin:
        if "PROGRAM TOTALS" in line:
            total = int(line.split()[0].replace(",", ""))
            continue
        if re.match(r"^\s*Ir\s+file:function", line):
            in_functions = True
            continue
        if in_functions:
            m = LINE.match(line)
            if m:
                rows.append((int(m.group(1).replace(",", "")), short_name(m.group(2))))
    if total is None or not rows:
        print("(no callgrind data)")
        return 1

    merged = {}
    for count, name in rows:  # several symbols can shorten to one name
        merged[name] = merged.get(name, 0) + count
    ordered = sorted(merged.items(), key=lambda item: -item[1])
    print("| function (self) | instructions per node | share |")
    print("|---|---:|---:|")
    shown = ordered[: args.rows]
    for name, count in shown:
        print(f"| `{name}` | {count / args.per:.1f} | {100 * count / total:.0f} % |")
    rest = total - sum(count for _, count in shown)
    if rest > 0:
        print(f"| everything else | {rest / args.per:.1f} | {100 * rest / total:.0f} % |")
    print(f"| **total** | **{total / args.per:.1f}** | 100 % |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
