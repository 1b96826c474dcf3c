// hamilton/timing_report.hpp: timing_report, a lifecycle adapter that times every node run and
// sums it up per node: calls, total, mean and max duration, failures. Use it to find slow nodes.
//
//   auto timing = std::make_shared<hamilton::timing_report>();
//   auto dr = hamilton::builder().with_modules(m).with_adapters(timing).build();
//   dr.execute<"report">(inputs); fmt::print("{}", timing->table());
//
// It accumulates over every execute call until reset(). A node inside a block counts one call
// per item.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "adapters.hpp"

namespace hamilton {

struct timing_entry {
    std::string name;  // the node
    std::size_t calls = 0;
    std::size_t failures = 0;  // calls that threw; their time counts too
    std::chrono::nanoseconds total{0};
    std::chrono::nanoseconds max{0};

    [[nodiscard]] std::chrono::nanoseconds mean() const {
        return calls == 0 ? std::chrono::nanoseconds{0}
                          : total / static_cast<std::chrono::nanoseconds::rep>(calls);
    }
};

class timing_report : public lifecycle_adapter {
public:
    [[nodiscard]] bool wants_timing() const override { return true; }

    void after_node(const node_run& node, const node_outcome& outcome) override {
        const std::lock_guard lock(mutex_);
        auto it = entries_.find(node.name);
        if (it == entries_.end()) it = entries_.emplace(std::string(node.name), timing_entry{std::string(node.name)}).first;
        auto& e = it->second;
        ++e.calls;
        if (!outcome.success) ++e.failures;
        e.total += outcome.duration;
        e.max = std::max(e.max, outcome.duration);
    }

    // One entry per node that ran, slowest total first (ties by name).
    [[nodiscard]] std::vector<timing_entry> entries() const {
        std::vector<timing_entry> out;
        {
            const std::lock_guard lock(mutex_);
            out.reserve(entries_.size());
            for (const auto& [name, e] : entries_) out.push_back(e);
        }
        std::stable_sort(out.begin(), out.end(),
                         [](const timing_entry& a, const timing_entry& b) { return a.total > b.total; });
        return out;
    }

    // entries() as an aligned text table, with a last line summing all nodes. "share" is the
    // node's part of the summed time; with several threads the sum exceeds the wall time.
    [[nodiscard]] std::string table() const {
        const auto rows = entries();
        if (rows.empty()) return "no node has run\n";

        timing_entry all{"(all nodes)"};
        for (const auto& e : rows) {
            all.calls += e.calls;
            all.failures += e.failures;
            all.total += e.total;
            all.max = std::max(all.max, e.max);
        }
        std::size_t name_width = std::string_view("node").size();
        for (const auto& e : rows) name_width = std::max(name_width, e.name.size());
        name_width = std::max(name_width, all.name.size());

        const auto line = [&](const timing_entry& e) {
            const double share = all.total.count() == 0
                                     ? 0.0
                                     : 100.0 * static_cast<double>(e.total.count()) / static_cast<double>(all.total.count());
            return fmt::format("{:<{}}  {:>8}  {:>9}  {:>9}  {:>9}  {:>6.1f}%  {:>8}\n", e.name, name_width, e.calls,
                               format_duration(e.total), format_duration(e.mean()), format_duration(e.max), share,
                               e.failures);
        };
        std::string text = fmt::format("{:<{}}  {:>8}  {:>9}  {:>9}  {:>9}  {:>7}  {:>8}\n", "node", name_width, "calls",
                                       "total", "mean", "max", "share", "failures");
        for (const auto& e : rows) text += line(e);
        text += line(all);
        return text;
    }

    void reset() {
        const std::lock_guard lock(mutex_);
        entries_.clear();
    }

    // "812 ns", "3.40 us", "12.5 ms", "2.00 s": three significant digits, ASCII so columns align.
    [[nodiscard]] static std::string format_duration(std::chrono::nanoseconds d) {
        const auto ns = static_cast<double>(d.count());
        const auto three_digits = [](double v, const char* unit) {
            if (v < 10) return fmt::format("{:.2f} {}", v, unit);
            if (v < 100) return fmt::format("{:.1f} {}", v, unit);
            return fmt::format("{:.0f} {}", v, unit);
        };
        if (ns < 1e3) return fmt::format("{} ns", d.count());
        if (ns < 1e6) return three_digits(ns / 1e3, "us");
        if (ns < 1e9) return three_digits(ns / 1e6, "ms");
        return three_digits(ns / 1e9, "s");
    }

private:
    mutable std::mutex mutex_;
    std::map<std::string, timing_entry, std::less<>> entries_;  // less<>: find by string_view
};

}  // namespace hamilton
