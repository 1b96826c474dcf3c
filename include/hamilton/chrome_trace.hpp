// hamilton/chrome_trace.hpp: chrome_trace, a lifecycle adapter that records every node run and
// writes them as Chrome trace-event JSON, which Perfetto (ui.perfetto.dev) and chrome://tracing
// open: one lane per thread, one bar per node run, with its function, item and error.
//
//   auto trace = std::make_shared<hamilton::chrome_trace>("run.trace.json");  // written at the end of each execute
//   auto dr = hamilton::builder().with_modules(m).with_adapters(trace).build();
//   dr.execute<"summary">(inputs);  // then open run.trace.json in ui.perfetto.dev
//
// This header needs nlohmann-json (Debian: nlohmann-json3-dev), which is why hamilton.hpp does
// not include it.
#pragma once

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <exception>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "adapters.hpp"
#include "error.hpp"
#include "file.hpp"

namespace hamilton {

struct chrome_trace_options {
    // When set, the trace is written here at the end of every execute call (all events so far).
    std::filesystem::path path;
    std::string process_name = "hamilton";  // the name Perfetto shows for the process
    int pid = 1;
};

class chrome_trace : public lifecycle_adapter {
public:
    chrome_trace() : chrome_trace(chrome_trace_options{}) {}
    explicit chrome_trace(std::filesystem::path path) : chrome_trace(chrome_trace_options{std::move(path)}) {}
    explicit chrome_trace(chrome_trace_options options)
        : options_(std::move(options)), origin_(std::chrono::steady_clock::now()) {
        // Find an unwritable path now, not after a long run.
        if (!options_.path.empty()) check_writable(options_.path);
    }

    [[nodiscard]] bool wants_timing() const override { return true; }

    void after_node(const node_run& node, const node_outcome& outcome) override {
        // The run ended just before this hook, so its start is now minus its duration.
        const auto end = std::chrono::steady_clock::now();
        event e{0,
                0,
                std::vector<std::size_t>(node.items.begin(), node.items.end()),
                node.run_id,
                std::chrono::duration_cast<std::chrono::nanoseconds>(end - origin_ - outcome.duration).count(),
                outcome.duration.count(),
                0,
                outcome.success,
                outcome.success ? std::string() : message_of(outcome.error)};
        const auto thread = std::this_thread::get_id();
        const std::lock_guard lock(mutex_);
        auto lane = lanes_.find(thread);
        if (lane == lanes_.end()) lane = lanes_.emplace(thread, static_cast<int>(lanes_.size()) + 1).first;
        e.lane = lane->second;
        e.name = intern(node.name);
        e.function = intern(node.function);
        events_.push_back(std::move(e));
    }

    void after_graph(const graph_run&, const graph_outcome& outcome) override {
        if (options_.path.empty()) return;
        try {
            write(options_.path);
        } catch (const error& e) {
            // Throwing now would replace the error execute is about to rethrow, which matters
            // more; the write failure must still be seen.
            if (outcome.success) throw;
            fmt::print(stderr, "{}\n", e.what());
        }
    }

    // Node runs recorded so far.
    [[nodiscard]] std::size_t size() const {
        const std::lock_guard lock(mutex_);
        return events_.size();
    }

    void clear() {
        const std::lock_guard lock(mutex_);
        events_.clear();
        lanes_.clear();
        strings_.clear();
        string_index_.clear();
    }

    // The trace: {"traceEvents": [metadata..., one "X" event per node run], "displayTimeUnit": "ms"}.
    [[nodiscard]] nlohmann::json json() const {
        std::deque<event> events;
        std::deque<std::string> strings;
        std::size_t lanes = 0;
        {
            const std::lock_guard lock(mutex_);
            events = events_;
            strings = strings_;
            lanes = lanes_.size();
        }
        auto list = nlohmann::json::array();
        list.push_back({{"name", "process_name"},
                        {"ph", "M"},
                        {"pid", options_.pid},
                        {"tid", 0},
                        {"args", {{"name", options_.process_name}}}});
        for (std::size_t lane = 1; lane <= lanes; ++lane) {
            list.push_back({{"name", "thread_name"},
                            {"ph", "M"},
                            {"pid", options_.pid},
                            {"tid", lane},
                            {"args", {{"name", fmt::format("thread {}", lane)}}}});
        }
        for (const auto& e : events) {
            nlohmann::json args = {
                {"function", strings[e.function]}, {"item", e.items}, {"run_id", e.run_id}, {"success", e.success}};
            if (!e.success) args["error"] = e.error;
            list.push_back({{"name", strings[e.name]},
                            {"cat", "node"},
                            {"ph", "X"},
                            {"ts", static_cast<double>(e.start_ns) / 1e3},  // microseconds, as the format wants
                            {"dur", static_cast<double>(e.duration_ns) / 1e3},
                            {"pid", options_.pid},
                            {"tid", e.lane},
                            {"args", std::move(args)}});
        }
        return {{"traceEvents", std::move(list)}, {"displayTimeUnit", "ms"}};
    }

    // Writes json() to `path`: first to a temporary file next to it, then renamed over it, so a
    // reader never sees a half-written trace and a failed write leaves `path` as it was.
    void write(const std::filesystem::path& path) const { write_file(path, json().dump()); }

private:
    struct event {
        std::uint32_t name = 0;  // in strings_
        std::uint32_t function = 0;
        std::vector<std::size_t> items;
        std::uint64_t run_id = 0;
        std::int64_t start_ns = 0;  // since the adapter was made
        std::int64_t duration_ns = 0;
        int lane = 0;
        bool success = true;
        std::string error;
    };

    // Node names repeat in every run: keep each once. Called with mutex_ held.
    std::uint32_t intern(std::string_view text) {
        auto it = string_index_.find(text);
        if (it == string_index_.end()) {
            strings_.emplace_back(text);
            it = string_index_.emplace(strings_.back(), static_cast<std::uint32_t>(strings_.size() - 1)).first;
        }
        return it->second;
    }

    static std::string message_of(const std::exception_ptr& error) {
        if (!error) return "unknown error";
        try {
            std::rethrow_exception(error);
        } catch (...) {
            return detail::current_exception_message();
        }
    }

    [[noreturn]] static void fail(const std::filesystem::path& path, const std::string& reason) {
        throw error(fmt::format("chrome_trace: cannot write the trace to '{}'", path.string()), {reason});
    }

    static void write_file(const std::filesystem::path& path, const std::string& text) {
        try {
            (void)write_file_atomically(path, [&](std::FILE* file) { std::fwrite(text.data(), 1, text.size(), file); });
        } catch (const file_error& e) {
            fail(path, e.reason());
        }
    }

    static void check_writable(const std::filesystem::path& path) {
        std::error_code ec;
        if (std::filesystem::is_directory(path, ec))
            fail(path, "it is a directory; give a file name such as run.trace.json");
        const auto tmp = detail::files::temporary_next_to(path);
        std::FILE* file = std::fopen(tmp.c_str(), "wbx");
        if (file == nullptr) fail(path, detail::files::open_failure(path, errno));
        std::fclose(file);
        std::remove(tmp.c_str());
    }

    chrome_trace_options options_;
    std::chrono::steady_clock::time_point origin_;

    mutable std::mutex mutex_;
    std::deque<event> events_;  // a deque: growing it never moves the events recorded
    std::map<std::thread::id, int> lanes_;  // lane numbers from 1, in order of first node run
    std::deque<std::string> strings_;      // node and function names, each once
    std::map<std::string_view, std::uint32_t, std::less<>> string_index_;  // views of strings_
};

}  // namespace hamilton
