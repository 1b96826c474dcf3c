// hamilton/progress_bar.hpp: progress_bar, a lifecycle adapter that draws a terminal progress
// bar for long execute calls: nodes done / total, items fanned out, elapsed time and ETA.
//
//   auto bar = std::make_shared<hamilton::progress_bar>(hamilton::progress_bar_options{.label = "files"});
//   auto dr = hamilton::builder().with_modules(m).with_adapters(bar).build();
//   dr.execute<"summary">(inputs);  // files [#######.....] 712/1203 nodes, 350 items | 4.1s elapsed, ETA 2.9s
//
// It is quiet when its output is not a terminal (mode automatic), so logs and CI output stay
// clean; mode always or never overrides that.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>

#include <fmt/format.h>

#include "adapters.hpp"
#include "error.hpp"

#if defined(_WIN32)
#include <io.h>
#else
#include <unistd.h>
#endif

namespace hamilton {

enum class progress_mode {
    automatic,  // draw only when the output is a terminal
    always,
    never,
};

struct progress_bar_options {
    std::FILE* output = stderr;
    progress_mode mode = progress_mode::automatic;
    std::string label;  // printed before the bar
    // Redraw at most once per interval: drawing on every node would cost more than a small
    // node and flood a slow terminal. Zero redraws on every event.
    std::chrono::milliseconds min_interval{100};
    std::size_t width = 30;  // characters of the bar itself
};

class progress_bar : public lifecycle_adapter {
public:
    explicit progress_bar(progress_bar_options options = {}) : options_(std::move(options)) {
        if (options_.output == nullptr)
            throw error("progress_bar: the output FILE* is null; pass an open stream such as stderr");
        if (options_.min_interval.count() < 0)
            throw error(fmt::format("progress_bar: min_interval is negative ({} ms); pass 0 to redraw on every event",
                                    options_.min_interval.count()));
        enabled_ = options_.mode == progress_mode::always ||
                   (options_.mode == progress_mode::automatic && is_terminal(options_.output));
    }

    // Is it drawing? False when mode is never, or automatic and the output is not a terminal.
    [[nodiscard]] bool enabled() const noexcept { return enabled_; }

    void before_graph(const graph_run& run) override {
        if (!enabled_) return;
        const std::lock_guard lock(draw_mutex_);
        // A bar follows one execute call: a newer call takes it over, and the hooks of the
        // older one are ignored from then on.
        run_id_.store(run.run_id, std::memory_order_relaxed);
        total_.store(static_cast<std::int64_t>(run.node_count), std::memory_order_relaxed);
        done_.store(0, std::memory_order_relaxed);
        failed_.store(0, std::memory_order_relaxed);
        items_.store(0, std::memory_order_relaxed);
        const auto now = clock_ns();
        start_ns_ = now;
        next_draw_ns_.store(now + interval_ns(), std::memory_order_relaxed);
        running_.store(true, std::memory_order_release);
        draw(now, nullptr);
    }

    void on_fan_out(const fan_out_run& fan_out) override {
        if (!follows(fan_out.node.run_id)) return;
        // node_count counts each node of a block once; the block now runs `items` times.
        const auto per_item = static_cast<std::int64_t>(fan_out.nodes_per_item);
        total_.fetch_add((static_cast<std::int64_t>(fan_out.items) - 1) * per_item, std::memory_order_relaxed);
        items_.fetch_add(fan_out.items, std::memory_order_relaxed);
        maybe_draw();
    }

    void after_node(const node_run& node, const node_outcome& outcome) override {
        if (!follows(node.run_id)) return;
        done_.fetch_add(1, std::memory_order_relaxed);
        if (!outcome.success) failed_.fetch_add(1, std::memory_order_relaxed);
        maybe_draw();
    }

    void after_graph(const graph_run& run, const graph_outcome& outcome) override {
        if (!follows(run.run_id)) return;
        const std::lock_guard lock(draw_mutex_);
        running_.store(false, std::memory_order_relaxed);
        draw(clock_ns(), &outcome);
    }

private:
    static bool is_terminal(std::FILE* file) {
#if defined(_WIN32)
        return _isatty(_fileno(file)) != 0;
#else
        return ::isatty(::fileno(file)) != 0;
#endif
    }

    static std::int64_t clock_ns() {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
            .count();
    }

    [[nodiscard]] std::int64_t interval_ns() const {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(options_.min_interval).count();
    }

    [[nodiscard]] bool follows(std::uint64_t run_id) const {
        return enabled_ && running_.load(std::memory_order_acquire) &&
               run_id_.load(std::memory_order_relaxed) == run_id;
    }

    // Cheap when it is not time to draw: one clock read and one atomic load. Threads that
    // find another one drawing skip, so node threads never wait on the terminal.
    void maybe_draw() {
        const auto now = clock_ns();
        if (now < next_draw_ns_.load(std::memory_order_relaxed)) return;
        const std::unique_lock lock(draw_mutex_, std::try_to_lock);
        if (!lock.owns_lock() || !running_.load(std::memory_order_relaxed)) return;
        if (now < next_draw_ns_.load(std::memory_order_relaxed)) return;
        next_draw_ns_.store(now + interval_ns(), std::memory_order_relaxed);
        draw(now, nullptr);
    }

    // "1.2s", "3m05s", "2h07m": short enough to keep the line from wrapping.
    static std::string format_seconds(double seconds) {
        if (seconds < 60) return fmt::format("{:.1f}s", seconds);
        const auto whole = static_cast<std::int64_t>(seconds);
        if (whole < 3600) return fmt::format("{}m{:02}s", whole / 60, whole % 60);
        return fmt::format("{}h{:02}m", whole / 3600, whole % 3600 / 60);
    }

    // Called with draw_mutex_ held; `outcome` is set for the final line.
    void draw(std::int64_t now, const graph_outcome* outcome) {
        const auto done = done_.load(std::memory_order_relaxed);
        const auto failed = failed_.load(std::memory_order_relaxed);
        const auto items = items_.load(std::memory_order_relaxed);
        // Hooks of several threads update the counters independently, so a snapshot may see a
        // node done before the fan-out that added it to the total.
        const auto total = std::max<std::int64_t>(total_.load(std::memory_order_relaxed),
                                                  static_cast<std::int64_t>(done));
        const double elapsed = static_cast<double>(now - start_ns_) / 1e9;

        const auto width = options_.width;
        const std::size_t filled =
            total == 0 ? width : static_cast<std::size_t>(static_cast<double>(done) / static_cast<double>(total) *
                                                          static_cast<double>(width));
        std::string line = options_.label.empty() ? std::string() : options_.label + " ";
        if (width > 0) line += fmt::format("[{}{}] ", std::string(filled, '#'), std::string(width - filled, '.'));
        line += fmt::format("{}/{} nodes", done, total);
        if (items > 0) line += fmt::format(", {} items", items);
        if (failed > 0) line += fmt::format(", {} failed", failed);
        if (outcome == nullptr) {
            line += fmt::format(" | {} elapsed", format_seconds(elapsed));
            if (done > 0 && static_cast<std::int64_t>(done) < total) {
                const double eta = elapsed / static_cast<double>(done) * static_cast<double>(total - static_cast<std::int64_t>(done));
                line += fmt::format(", ETA {}", format_seconds(eta));
            }
            fmt::print(options_.output, "\r{}\x1b[K", line);
        } else {
            line += fmt::format(" | {} in {}", outcome->success ? "done" : "failed", format_seconds(elapsed));
            fmt::print(options_.output, "\r{}\x1b[K\n", line);
        }
        std::fflush(options_.output);
    }

    progress_bar_options options_;
    bool enabled_ = false;

    std::atomic<bool> running_{false};
    std::atomic<std::uint64_t> run_id_{0};
    std::atomic<std::int64_t> total_{0};  // signed: a fan-out of zero items shrinks it
    std::atomic<std::size_t> done_{0};
    std::atomic<std::size_t> failed_{0};
    std::atomic<std::size_t> items_{0};
    std::atomic<std::int64_t> next_draw_ns_{0};

    std::mutex draw_mutex_;  // serializes drawing and guards start_ns_
    std::int64_t start_ns_ = 0;
};

}  // namespace hamilton
