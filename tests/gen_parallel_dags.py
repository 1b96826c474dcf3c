#!/usr/bin/env python3
"""tests/gen_parallel_dags.py: writes tests/parallel_dags_test.cpp, the differential test of fan-out.

    python3 tests/gen_parallel_dags.py            # rewrites tests/parallel_dags_test.cpp
    python3 tests/gen_parallel_dags.py --stats    # also prints what the graphs cover

It draws a fixed (seeded) set of random DAGs whose nodes compute int or long values by simple
arithmetic of their dependencies: plain nodes outside blocks, parallelizable<int> fan-outs over a
small computed range, nodes inside blocks, collect<T> of nodes inside blocks, several collects of
one fan-out, two collect parameters in one node, nested fan-outs (a block inside a block), a
fan-out collected directly, fan-outs whose count comes from a collect, and empty fan-outs.

The C++ test runs every graph's outputs by name with synchronous_executor, multithreading_executor(2)
and multithreading_executor(3) and requires the same results. It also checks them against the
values computed here, independently of the library, so that all executors cannot be wrong the same
way. The build never needs Python: the generated file is checked in.
"""

import os
import random
import sys

SEED = 20240401
GRAPHS = 30
INT_MOD = 10007
LONG_MOD = 1000000007
MAX_DEPTH = 3  # deepest block nesting

ROOT = ()  # the context of nodes outside any block; a block's context is its path of fan-outs


def fan_out_items(h):
    """The items of a fan-out whose node computed `h` (mirrors items() in the C++ file)."""
    count = 0 if h % 9 == 0 else 1 + h % 4
    return [(h + 5 * k) % 101 for k in range(count)]


def fold(values, seed):
    """What a collect parameter contributes (mirrors fold() in the C++ file): order-sensitive."""
    acc = seed + 7 * len(values)
    for j, v in enumerate(values, 1):
        acc = (acc + j * v) % LONG_MOD
    return acc % LONG_MOD


class Node:
    def __init__(self, name, kind, type_, context):
        self.name = name
        self.kind = kind  # 'plain' (a value) or 'fanout' (parallelizable<int>)
        self.type = type_  # 'int' or 'long' for plain; 'int' items for fan-outs
        self.context = context  # where it runs: a tuple of enclosing fan-out names
        self.deps = []  # (kind, name, seed/coefficient): kind 'value' or 'collect'
        self.c0 = 0
        self.consumers = 0
        self.collected = set()  # the fan-outs whose blocks this value needs to have finished


class Graph:
    def __init__(self, index, rng):
        self.index = index
        self.rng = rng
        self.nodes = {}
        self.order = []
        self.x = rng.randrange(0, 60)
        self.saw_empty = False  # did a fan-out produce no items? set by evaluate()

    # Values readable as a scalar in `context`: the input x, nodes of any enclosing context, and
    # the items of the enclosing fan-outs. Returns (name, type, context).
    def scalars(self, context):
        out = [("x", "int", ROOT)]
        for n in self.order:
            node = self.nodes[n]
            if node.kind == "plain" and context[: len(node.context)] == node.context and \
                    not node.collected & set(context[len(node.context):]):
                # (a value computed from the collect of a block we are in would need that block
                # to finish first: a cycle the library rejects)
                out.append((n, node.type, node.context))
        for depth in range(len(context)):
            fan = context[depth]
            out.append((fan, "int", context[: depth + 1]))
        return out

    # Values that can be collected from `context`: nodes of a block directly inside it (exactly one
    # level deeper), and fan-outs in `context` themselves (a direct collect: the items).
    def collectables(self, context):
        out = []
        for n in self.order:
            node = self.nodes[n]
            if node.kind == "plain" and len(node.context) == len(context) + 1 and node.context[:-1] == context:
                out.append((n, node.type, node.context))
            if node.kind == "fanout" and node.context == context:
                out.append((n, "int", context + (n,)))
        return out

    def contexts(self):
        out = [ROOT]
        for n in self.order:
            node = self.nodes[n]
            if node.kind == "fanout":
                out.append(node.context + (n,))
        return out

    def add(self, kind, type_, context, deps):
        name = "n%d" % len(self.order)
        node = Node(name, kind, type_, context)
        node.c0 = self.rng.randrange(1, 50)
        for dep_kind, dep in deps:
            coefficient = self.rng.randrange(1, 9)
            node.deps.append((dep_kind, dep, coefficient))
            if dep in self.nodes:
                self.nodes[dep].consumers += 1
                node.collected |= self.nodes[dep].collected
                if dep_kind == "collect":
                    node.collected.add(dep if self.nodes[dep].kind == "fanout" else self.nodes[dep].context[-1])
        self.nodes[name] = node
        self.order.append(name)
        return node

    def random_node(self):
        rng = self.rng
        contexts = self.contexts()
        # Favour blocks: that is where the executors differ.
        context = rng.choice(contexts + [c for c in contexts if c] * 2)
        fan_out = len(context) < MAX_DEPTH and rng.random() < 0.22
        deps = []
        collectables = self.collectables(context)
        if collectables and rng.random() < 0.4:
            deps.append(("collect", rng.choice(collectables)))
            if rng.random() < 0.2:
                second = rng.choice(collectables)
                if second[0] != deps[0][1][0]:
                    deps.append(("collect", second))
        scalars = self.scalars(context)
        exact = [s for s in scalars if s[2] == context]
        wanted = rng.randrange(0 if deps else 1, 4)
        chosen = []
        if context and not deps and exact:
            chosen.append(rng.choice(exact))  # so that the node really runs in `context`
        while len(chosen) < wanted:
            pick = rng.choice(scalars)
            if pick not in chosen:
                chosen.append(pick)
            elif len(scalars) <= len(chosen):
                break
        deps += [("value", s) for s in chosen]
        actual = max([d[1][2] if d[0] == "value" else context for d in deps] + [ROOT], key=len)
        names = [d[1][0] for d in deps]
        if len(set(names)) != len(names):
            return
        self.add("fanout" if fan_out else "plain", "int" if fan_out or rng.random() < 0.5 else "long", actual,
                 [(d[0], d[1][0]) for d in deps])

    def close_blocks(self):
        """Collects every block, deepest first, so that every node is upstream of an output."""
        fanouts = [n for n in self.order if self.nodes[n].kind == "fanout"]
        for fan in sorted(fanouts, key=lambda n: -len(self.nodes[n].context)):
            block = self.nodes[fan].context + (fan,)
            loose = [n for n in self.order
                     if self.nodes[n].context == block and self.nodes[n].consumers == 0
                     and self.nodes[n].kind == "plain"]
            collected = any(d[0] == "collect" and (d[1] == fan or self.nodes.get(d[1]) is not None
                                                   and self.nodes[d[1]].context == block)
                            for n in self.order for d in self.nodes[n].deps)
            if len(loose) > 1:
                join = self.add("plain", self.rng.choice(["int", "long"]), block, [("value", n) for n in loose])
                loose = [join.name]
            if loose:
                self.add("plain", self.rng.choice(["int", "long"]), block[:-1], [("collect", loose[0])])
            elif not collected:
                self.add("plain", self.rng.choice(["int", "long"]), block[:-1], [("collect", fan)])

    # ---- the independent evaluation ----------------------------------------------------------

    def evaluate(self):
        memo = {}

        def items(fan, env):
            node = self.nodes[fan]
            key = (fan, tuple(env[f] for f in node.context))
            if key not in memo:
                memo[key] = fan_out_items(combine(node, env))
                if not memo[key]:
                    self.saw_empty = True
            return memo[key]

        def scalar(name, env):
            if name == "x":
                return self.x
            if name in self.nodes and self.nodes[name].kind == "fanout":
                return items(name, env)[env[name]]
            node = self.nodes[name]
            key = (name, tuple(env[f] for f in node.context))
            if key not in memo:
                value = combine(node, env)
                memo[key] = value % (INT_MOD if node.type == "int" else LONG_MOD)
            return memo[key]

        def collected(name, env, seed):
            if self.nodes[name].kind == "fanout":
                return fold(items(name, env), seed)
            fan = self.nodes[name].context[-1]
            values = []
            for k in range(len(items(fan, env))):
                inner = dict(env)
                inner[fan] = k
                values.append(scalar(name, inner))
            return fold(values, seed)

        def combine(node, env):
            total = node.c0
            for kind, dep, coefficient in node.deps:
                value = collected(dep, env, coefficient) if kind == "collect" else scalar(dep, env)
                total += coefficient * value
            return total

        return {n: scalar(n, {}) for n in self.outputs()}

    def outputs(self):
        roots = [n for n in self.order if self.nodes[n].context == ROOT and self.nodes[n].kind == "plain"]
        sinks = [n for n in roots if self.nodes[n].consumers == 0]
        extra = [n for n in roots if n not in sinks]
        rng = random.Random(self.index)
        return sinks + sorted(rng.sample(extra, min(2, len(extra))), key=lambda n: int(n[1:]))

    # ---- C++ ---------------------------------------------------------------------------------

    def cpp_node(self, node):
        names = "".join(', "%s"' % d[1] for d in node.deps)
        params = []
        terms = []
        for i, (kind, dep, coefficient) in enumerate(node.deps):
            if kind == "collect":
                dep_type = "int" if self.nodes[dep].kind == "fanout" else self.nodes[dep].type
                params.append("const hamilton::collect<%s>& p%d" % (dep_type, i))
                terms.append("%dLL * fold(p%d, %d)" % (coefficient, i, coefficient))
            else:
                dep_type = "int" if dep == "x" or self.nodes[dep].kind == "fanout" else self.nodes[dep].type
                params.append("%s p%d" % (dep_type, i))
                terms.append("%dLL * p%d" % (coefficient, i))
        expression = " + ".join(["%dLL" % node.c0] + terms)
        if node.kind == "fanout":
            body = "-> hamilton::parallelizable<int> { return items(%s); }" % expression
        elif node.type == "int":
            body = "-> int { return static_cast<int>((%s) %% %d); }" % (expression, INT_MOD)
        else:
            body = "-> long { return static_cast<long>((%s) %% %dLL); }" % (expression, LONG_MOD)
        where = "/".join(node.context) if node.context else "outside blocks"
        return '    hamilton::node<"%s"%s>([](%s) %s),  // %s%s' % (
            node.name, names, ", ".join(params), body, "fan-out, " if node.kind == "fanout" else "", where)

    def cpp(self):
        lines = ["namespace {", "namespace dag%d {" % self.index, "inline constexpr auto dataflow = hamilton::module("]
        body = [self.cpp_node(self.nodes[n]) for n in self.order]
        body[-1] = body[-1].replace("),  //", "));  //", 1)
        lines += body
        expected = self.evaluate()
        lines.append("const std::vector<expected_output> expected{")
        for n in self.outputs():
            lines.append('    {"%s", %s, %dLL},' % (n, "true" if self.nodes[n].type == "long" else "false", expected[n]))
        lines.append("};")
        lines.append("}  // namespace dag%d" % self.index)
        lines.append("}  // namespace")
        lines.append("")
        lines.append('TEST_CASE("random fan-out DAG %d: %s", "[parallel][differential]") {' % (self.index, self.describe()))
        lines.append("    check_dag(dag%d::dataflow, %d, dag%d::expected);" % (self.index, self.x, self.index))
        lines.append("}")
        return "\n".join(lines)

    def features(self):
        out = set()
        for n in self.order:
            node = self.nodes[n]
            collects = [d for d in node.deps if d[0] == "collect"]
            if node.kind == "fanout":
                out.add("nested fan-out" if node.context else "fan-out")
                if collects:
                    out.add("fan-out from a collect")
            if node.context and node.kind == "plain":
                out.add("node in a block")
            if not node.context and node.kind == "plain" and not collects:
                out.add("plain node outside blocks")
            if any(self.nodes[d[1]].kind == "fanout" for d in collects):
                out.add("direct collect")
            if len(collects) > 1:
                out.add("two collect parameters")
            if any(d[0] == "value" and len(self.nodes[d[1]].context if d[1] in self.nodes else ()) < len(node.context)
                   for d in node.deps):
                out.add("outer value read in a block")
        self.evaluate()
        if self.saw_empty:
            out.add("empty fan-out")
        fans = {}
        for n in self.order:
            for kind, dep, _ in self.nodes[n].deps:
                if kind == "collect":
                    fan = dep if self.nodes[dep].kind == "fanout" else self.nodes[dep].context[-1]
                    fans[fan] = fans.get(fan, 0) + 1
        if any(count > 1 for count in fans.values()):
            out.add("several collects of one fan-out")
        return out

    def describe(self):
        fans = sum(1 for n in self.order if self.nodes[n].kind == "fanout")
        depth = max([len(self.nodes[n].context) for n in self.order] + [0])
        return "%d nodes, %d fan-outs, depth %d" % (len(self.order), fans, depth)


def make_graph(index, rng):
    graph = Graph(index, rng)
    size = rng.randrange(8, 16)
    while len(graph.order) < size:
        graph.random_node()
    graph.close_blocks()
    return graph


HEADER = """\
// tests/parallel_dags_test.cpp: GENERATED by tests/gen_parallel_dags.py; do not edit by hand.
// Regenerate with:  python3 tests/gen_parallel_dags.py
//
// The differential test of fan-out: %(graphs)d random DAGs (seed %(seed)d) of int/long nodes with
// parallelizable<int> fan-outs, nodes inside blocks, collect<T>, several collects of one fan-out,
// nested fan-outs, direct collects of a fan-out and plain nodes outside blocks. Each graph's
// outputs run by name with synchronous_executor, multithreading_executor(2) and (3): all must give
// the same values, and those must equal the values the generator computed in Python.
// Covered: %(features)s.
#include <hamilton/executor.hpp>
#include <hamilton/hamilton.hpp>

#include <cstddef>
#include <string>
#include <vector>

#include "support.hpp"

namespace {

// The items of a fan-out: a small range computed from h, empty for some h.
hamilton::parallelizable<int> items(long long h) {
    const long long count = h %% 9 == 0 ? 0 : 1 + h %% 4;
    std::vector<int> out;
    for (long long k = 0; k < count; ++k) out.push_back(static_cast<int>((h + 5 * k) %% 101));
    return out;
}

// What a collect parameter contributes: depends on every value and on their order.
template <class T>
long long fold(const hamilton::collect<T>& values, long long seed) {
    long long acc = seed + 7 * static_cast<long long>(values.size());
    long long j = 0;
    for (const T& v : values) acc = (acc + ++j * v) %% %(long_mod)dLL;
    return acc %% %(long_mod)dLL;
}

struct expected_output {
    const char* name;
    bool is_long;
    long long value;
};

std::vector<long long> read(const hamilton::results& r, const std::vector<expected_output>& expected) {
    std::vector<long long> out;
    for (const auto& e : expected) out.push_back(e.is_long ? r.get<long>(e.name) : r.get<int>(e.name));
    return out;
}

template <class Module>
void check_dag(const Module& dataflow, int x, const std::vector<expected_output>& expected) {
    std::vector<std::string> outputs;
    std::vector<long long> wanted;
    for (const auto& e : expected) {
        outputs.emplace_back(e.name);
        wanted.push_back(e.value);
    }
    const hamilton::values inputs{{"x", x}};
    const auto synchronous =
        hamilton::builder().with_modules(dataflow).with_executor(hamilton::synchronous_executor{}).build();
    const auto sequential = read(synchronous.execute(outputs, inputs), expected);
    CHECK(sequential == wanted);
    for (const std::size_t threads : {2U, 3U}) {
        INFO("multithreading_executor(" << threads << ")");
        const auto threaded =
            hamilton::builder().with_modules(dataflow).with_executor(hamilton::multithreading_executor(threads)).build();
        // Several runs: a race would show as a run that differs.
        for (int run = 0; run < 3; ++run) REQUIRE(read(threaded.execute(outputs, inputs), expected) == sequential);
    }
}

}  // namespace
"""


def main():
    rng = random.Random(SEED)
    graphs = [make_graph(i, rng) for i in range(GRAPHS)]
    covered = set()
    for g in graphs:
        covered |= g.features()
    required = {"fan-out", "nested fan-out", "node in a block", "plain node outside blocks", "direct collect",
                "several collects of one fan-out", "two collect parameters", "outer value read in a block",
                "fan-out from a collect", "empty fan-out"}
    missing = required - covered
    if missing:
        sys.exit("gen_parallel_dags.py: seed %d covers no %s; pick another SEED" % (SEED, ", ".join(sorted(missing))))
    text = HEADER % {"graphs": GRAPHS, "seed": SEED, "long_mod": LONG_MOD,
                     "features": ", ".join(sorted(covered))}
    text += "\n" + "\n\n".join(g.cpp() for g in graphs) + "\n"
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "parallel_dags_test.cpp")
    with open(path, "w") as f:
        f.write(text)
    if "--stats" in sys.argv:
        for g in graphs:
            print("dag%d: %s; %s" % (g.index, g.describe(), ", ".join(sorted(g.features()))))
        print("nodes: %d" % sum(len(g.order) for g in graphs))


if __name__ == "__main__":
    main()
