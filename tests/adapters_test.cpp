// Tests of the built-in lifecycle adapters: progress_bar.hpp, timing_report.hpp and
// chrome_trace.hpp, driven by synthetic hook calls (several threads for thread safety), then by
// a real driver on both executors.
#include <hamilton/chrome_trace.hpp>
#include <hamilton/executor.hpp>
#include <hamilton/hamilton.hpp>
#include <hamilton/progress_bar.hpp>
#include <hamilton/timing_report.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <fmt/ranges.h>
#include <unistd.h>

#include "support.hpp"

using namespace std::chrono_literals;
using test::error_of;

namespace {

// What a driver passes to the hooks, built by hand.
struct fake_run {
    std::vector<std::string_view> outputs{"out"};
    hamilton::graph_run graph;
    explicit fake_run(std::uint64_t run_id, std::size_t node_count) {
        graph.run_id = run_id;
        graph.outputs = outputs;
        graph.node_count = node_count;
    }
    fake_run(const fake_run&) = delete;
    fake_run& operator=(const fake_run&) = delete;
};

hamilton::node_run node(std::uint64_t run_id, std::string_view name, std::string_view function = {},
                        std::span<const std::size_t> items = {}) {
    hamilton::node_run n;
    n.run_id = run_id;
    n.name = name;
    n.function = function.empty() ? name : function;
    n.items = items;
    return n;
}

hamilton::node_outcome ok(std::chrono::nanoseconds duration = 0ns) {
    hamilton::node_outcome o;
    o.duration = duration;
    return o;
}

hamilton::node_outcome failed(const std::string& message, std::chrono::nanoseconds duration = 0ns) {
    hamilton::node_outcome o;
    o.success = false;
    o.error = std::make_exception_ptr(std::runtime_error(message));
    o.duration = duration;
    return o;
}

hamilton::graph_outcome graph_ok() { return {}; }
hamilton::graph_outcome graph_failed() {
    hamilton::graph_outcome o;
    o.success = false;
    o.error = std::make_exception_ptr(std::runtime_error("boom"));
    return o;
}

// Everything written to a tmpfile so far.
std::string contents(std::FILE* file) {
    std::fflush(file);
    std::rewind(file);
    std::string text;
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, n);
    return text;
}

// The progress output with times replaced by T, and each redraw on its own line, so a test
// can compare it exactly.
std::string normalized(std::string text) {
    text = std::regex_replace(text, std::regex(R"(\d+\.\d+s|\d+m\d\ds|\d+h\d\dm)"), "T");
    text = std::regex_replace(text, std::regex("\x1b\\[K"), "");
    std::replace(text.begin(), text.end(), '\r', '|');
    return text;
}

hamilton::progress_bar_options always(std::FILE* out, std::string label = "", std::chrono::milliseconds interval = 0ms) {
    hamilton::progress_bar_options o;
    o.output = out;
    o.mode = hamilton::progress_mode::always;
    o.label = std::move(label);
    o.min_interval = interval;
    o.width = 10;
    return o;
}


nlohmann::json read_json(const std::filesystem::path& path) {
    std::ifstream in(path);
    return nlohmann::json::parse(in);
}

std::vector<nlohmann::json> events_of(const nlohmann::json& trace, std::string_view phase) {
    std::vector<nlohmann::json> out;
    for (const auto& e : trace.at("traceEvents"))
        if (e.at("ph") == phase) out.push_back(e);
    return out;
}

}  // namespace

// ---------------------------------------------------------------------------- progress_bar

TEST_CASE("progress_bar is quiet when its output is not a terminal, unless forced", "[adapters][progress_bar]") {
    std::FILE* out = std::tmpfile();
    REQUIRE(out != nullptr);
    hamilton::progress_bar_options automatic;
    automatic.output = out;
    hamilton::progress_bar quiet(automatic);
    CHECK_FALSE(quiet.enabled());  // a tmpfile is not a terminal

    auto never_opts = always(out);
    never_opts.mode = hamilton::progress_mode::never;
    hamilton::progress_bar never(never_opts);
    CHECK_FALSE(never.enabled());

    fake_run run(1, 2);
    for (hamilton::progress_bar* bar : {&quiet, &never}) {
        bar->before_graph(run.graph);
        bar->after_node(node(1, "a"), ok());
        bar->after_graph(run.graph, graph_ok());
    }
    CHECK(contents(out).empty());

    hamilton::progress_bar forced(always(out));
    CHECK(forced.enabled());
    CHECK_FALSE(forced.wants_timing());  // it counts nodes; it does not need their durations
    std::fclose(out);
}

TEST_CASE("progress_bar draws nodes done / total, elapsed and ETA, then a final line", "[adapters][progress_bar]") {
    std::FILE* out = std::tmpfile();
    REQUIRE(out != nullptr);
    hamilton::progress_bar bar(always(out, "marketing"));
    fake_run run(7, 4);
    bar.before_graph(run.graph);
    bar.before_node(node(7, "a"));
    bar.after_node(node(7, "a"), ok());
    bar.after_node(node(7, "b"), ok());
    bar.after_node(node(7, "c"), ok());
    bar.after_node(node(7, "d"), ok());
    bar.after_graph(run.graph, graph_ok());
    CHECK(normalized(contents(out)) ==
          "|marketing [..........] 0/4 nodes | T elapsed"
          "|marketing [##........] 1/4 nodes | T elapsed, ETA T"
          "|marketing [#####.....] 2/4 nodes | T elapsed, ETA T"
          "|marketing [#######...] 3/4 nodes | T elapsed, ETA T"
          "|marketing [##########] 4/4 nodes | T elapsed"
          "|marketing [##########] 4/4 nodes | done in T\n");
    std::fclose(out);
}

TEST_CASE("progress_bar grows its total with each fan-out's items", "[adapters][progress_bar]") {
    std::FILE* out = std::tmpfile();
    REQUIRE(out != nullptr);
    hamilton::progress_bar bar(always(out));
    // files -> (parallelizable) file -> size (block of 1 node) -> total (collect): 3 nodes.
    fake_run run(1, 3);
    bar.before_graph(run.graph);
    bar.after_node(node(1, "files"), ok());
    hamilton::fan_out_run fan;
    fan.node = node(1, "file");
    fan.items = 4;
    fan.nodes_per_item = 1;
    bar.on_fan_out(fan);  // the block's one node now runs 4 times: 3 - 1 + 4 = 6 nodes
    const std::vector<std::size_t> item_index{0, 1, 2, 3};
    for (std::size_t i = 0; i < 4; ++i) bar.after_node(node(1, "size", "size", {&item_index[i], 1}), ok());
    bar.after_node(node(1, "total"), ok());
    bar.after_graph(run.graph, graph_ok());
    const auto text = normalized(contents(out));
    INFO(text);
    CHECK(text.find("|[#.........] 1/6 nodes, 4 items | T elapsed, ETA T|") != std::string::npos);
    CHECK(text.ends_with("|[##########] 6/6 nodes, 4 items | done in T\n"));
    std::fclose(out);
}

TEST_CASE("progress_bar shows failures and a failed final line", "[adapters][progress_bar]") {
    std::FILE* out = std::tmpfile();
    REQUIRE(out != nullptr);
    hamilton::progress_bar bar(always(out, "", 1h));  // only the first and the final line
    fake_run run(1, 3);
    bar.before_graph(run.graph);
    bar.after_node(node(1, "a"), ok());
    bar.after_node(node(1, "b"), failed("bad"));
    bar.after_graph(run.graph, graph_failed());
    CHECK(normalized(contents(out)) ==
          "|[..........] 0/3 nodes | T elapsed"
          "|[######....] 2/3 nodes, 1 failed | failed in T\n");
    std::fclose(out);
}

TEST_CASE("progress_bar redraws at most once per interval", "[adapters][progress_bar]") {
    std::FILE* out = std::tmpfile();
    REQUIRE(out != nullptr);
    hamilton::progress_bar bar(always(out, "", 1h));
    fake_run run(1, 10000);
    bar.before_graph(run.graph);
    for (int i = 0; i < 10000; ++i) bar.after_node(node(1, "n"), ok());
    bar.after_graph(run.graph, graph_ok());
    const auto text = contents(out);
    CHECK(std::count(text.begin(), text.end(), '\r') == 2);  // the first line and the final one
    CHECK(normalized(text).ends_with("10000/10000 nodes | done in T\n"));
    std::fclose(out);

    // The default interval (100 ms) over a 50 ms run: nothing between the first and the last.
    std::FILE* out2 = std::tmpfile();
    REQUIRE(out2 != nullptr);
    auto defaults = always(out2);
    defaults.min_interval = hamilton::progress_bar_options{}.min_interval;
    hamilton::progress_bar paced(defaults);
    paced.before_graph(run.graph);
    for (int i = 0; i < 5; ++i) {
        std::this_thread::sleep_for(10ms);
        paced.after_node(node(1, "n"), ok());
    }
    paced.after_graph(run.graph, graph_ok());
    const auto text2 = contents(out2);
    CHECK(std::count(text2.begin(), text2.end(), '\r') == 2);
    std::fclose(out2);
}

TEST_CASE("progress_bar follows the newest execute call and ignores hooks of others", "[adapters][progress_bar]") {
    std::FILE* out = std::tmpfile();
    REQUIRE(out != nullptr);
    hamilton::progress_bar bar(always(out));
    fake_run first(1, 2), second(2, 5);
    bar.before_graph(first.graph);
    bar.before_graph(second.graph);
    bar.after_node(node(1, "a"), ok());  // of the first call: ignored
    bar.after_node(node(2, "a"), ok());
    bar.after_graph(first.graph, graph_ok());  // ignored
    bar.after_graph(second.graph, graph_ok());
    bar.after_node(node(2, "late"), ok());  // after the end: ignored
    CHECK(normalized(contents(out)) ==
          "|[..........] 0/2 nodes | T elapsed"
          "|[..........] 0/5 nodes | T elapsed"
          "|[##........] 1/5 nodes | T elapsed, ETA T"
          "|[##........] 1/5 nodes | done in T\n");
    std::fclose(out);
}

TEST_CASE("progress_bar counts node hooks from several threads", "[adapters][progress_bar]") {
    std::FILE* out = std::tmpfile();
    REQUIRE(out != nullptr);
    hamilton::progress_bar bar(always(out));  // redraws as often as it can: the most contention
    constexpr std::size_t threads = 4, per_thread = 500;
    fake_run run(3, threads * per_thread + 1);
    bar.before_graph(run.graph);
    hamilton::fan_out_run fan;
    fan.node = node(3, "item");
    fan.items = 1;
    fan.nodes_per_item = 1;
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < threads; ++t)
        pool.emplace_back([&] {
            bar.on_fan_out(fan);  // adds 1 item and (1 - 1) * 1 nodes
            for (std::size_t i = 0; i < per_thread; ++i) bar.after_node(node(3, "n"), ok());
        });
    for (auto& t : pool) t.join();
    bar.after_node(node(3, "last"), ok());
    bar.after_graph(run.graph, graph_ok());
    CHECK(normalized(contents(out)).ends_with("|[##########] 2001/2001 nodes, 4 items | done in T\n"));
    std::fclose(out);
}

TEST_CASE("progress_bar rejects a null output and a negative interval", "[adapters][progress_bar]") {
    hamilton::progress_bar_options null_output;
    null_output.output = nullptr;
    CHECK(error_of([&] { hamilton::progress_bar bar(null_output); }) ==
          "hamilton: progress_bar: the output FILE* is null; pass an open stream such as stderr");
    hamilton::progress_bar_options negative;
    negative.min_interval = -5ms;
    CHECK(error_of([&] { hamilton::progress_bar bar(negative); }) ==
          "hamilton: progress_bar: min_interval is negative (-5 ms); pass 0 to redraw on every event");
}

// ---------------------------------------------------------------------------- timing_report

TEST_CASE("timing_report sums calls, total, mean, max and failures per node", "[adapters][timing_report]") {
    hamilton::timing_report timing;
    CHECK(timing.wants_timing());
    CHECK(timing.entries().empty());
    CHECK(timing.table() == "no node has run\n");

    timing.after_node(node(1, "spend_mean"), ok(10ms));
    timing.after_node(node(1, "spend_mean"), failed("bad", 30ms));
    timing.after_node(node(2, "spend_mean"), ok(20ms));
    timing.after_node(node(1, "spend_zero_mean_unit_variance"), ok(100ms));
    timing.after_node(node(1, "tiny"), ok(750ns));

    const auto entries = timing.entries();
    REQUIRE(entries.size() == 3);
    CHECK(entries[0].name == "spend_zero_mean_unit_variance");  // slowest total first
    CHECK(entries[0].calls == 1);
    CHECK(entries[1].name == "spend_mean");
    CHECK(entries[1].calls == 3);
    CHECK(entries[1].failures == 1);
    CHECK(entries[1].total == 60ms);
    CHECK(entries[1].mean() == 20ms);
    CHECK(entries[1].max == 30ms);
    CHECK(entries[2].name == "tiny");
    CHECK(entries[2].total == 750ns);

    CHECK(timing.table() ==
          "node                              calls      total       mean        max    share  failures\n"
          "spend_zero_mean_unit_variance         1     100 ms     100 ms     100 ms    62.5%         0\n"
          "spend_mean                            3    60.0 ms    20.0 ms    30.0 ms    37.5%         1\n"
          "tiny                                  1     750 ns     750 ns     750 ns     0.0%         0\n"
          "(all nodes)                           5     160 ms    32.0 ms     100 ms   100.0%         1\n");

    timing.reset();
    CHECK(timing.entries().empty());
}

TEST_CASE("timing_report sorts ties by name and formats durations with three digits", "[adapters][timing_report]") {
    hamilton::timing_report timing;
    timing.after_node(node(1, "b"), ok(1ms));
    timing.after_node(node(1, "a"), ok(1ms));
    const auto entries = timing.entries();
    REQUIRE(entries.size() == 2);
    CHECK(entries[0].name == "a");
    CHECK(entries[1].name == "b");

    using hamilton::timing_report;
    CHECK(timing_report::format_duration(0ns) == "0 ns");
    CHECK(timing_report::format_duration(999ns) == "999 ns");
    CHECK(timing_report::format_duration(1234ns) == "1.23 us");
    CHECK(timing_report::format_duration(45600ns) == "45.6 us");
    CHECK(timing_report::format_duration(3ms) == "3.00 ms");
    CHECK(timing_report::format_duration(2500ms) == "2.50 s");
    CHECK(timing_report::format_duration(125s) == "125 s");
    CHECK(hamilton::timing_entry{}.mean() == 0ns);  // no call: no division by zero
}

TEST_CASE("timing_report counts node hooks from several threads", "[adapters][timing_report]") {
    hamilton::timing_report timing;
    constexpr int threads = 4, per_thread = 1000;
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
            const std::string own = fmt::format("own_{}", t);
            for (int i = 0; i < per_thread; ++i) {
                timing.after_node(node(1, "shared"), ok(1us));
                timing.after_node(node(1, own), i == 0 ? failed("x", 2us) : ok(2us));
                if (i % 100 == 0) (void)timing.table();  // readers while writers run
            }
        });
    for (auto& t : pool) t.join();
    const auto entries = timing.entries();
    REQUIRE(entries.size() == 5);
    CHECK(entries[0].name == "shared");
    CHECK(entries[0].calls == threads * per_thread);
    CHECK(entries[0].total == std::chrono::microseconds(threads * per_thread));
    for (std::size_t i = 1; i < entries.size(); ++i) {
        CHECK(entries[i].name == fmt::format("own_{}", i - 1));
        CHECK(entries[i].calls == per_thread);
        CHECK(entries[i].failures == 1);
        CHECK(entries[i].max == 2us);
    }
}

// ---------------------------------------------------------------------------- chrome_trace

TEST_CASE("chrome_trace records one complete event per node run, with a lane per thread", "[adapters][chrome_trace]") {
    hamilton::chrome_trace trace;
    CHECK(trace.wants_timing());
    constexpr std::size_t threads = 3, per_thread = 4;
    std::vector<std::thread> pool;
    std::map<std::string, std::thread::id> thread_of_node;
    std::mutex m;
    const std::vector<std::size_t> item{2, 7};
    for (std::size_t t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
            for (std::size_t i = 0; i < per_thread; ++i) {
                const std::string name = fmt::format("n{}_{}", t, i);
                {
                    const std::lock_guard lock(m);
                    thread_of_node[name] = std::this_thread::get_id();
                }
                const auto start = std::chrono::steady_clock::now();
                std::this_thread::sleep_for(200us);
                const auto took = std::chrono::steady_clock::now() - start;
                const std::string function = name + "__v";
                const auto run = node(5, name, function, i == 1 ? std::span<const std::size_t>(item) : std::span<const std::size_t>());
                trace.before_node(run);
                trace.after_node(run, i == 3 ? failed("no such file", took) : ok(took));
            }
        });
    for (auto& t : pool) t.join();
    CHECK(trace.size() == threads * per_thread);

    const auto json = trace.json();
    CHECK(json.at("displayTimeUnit") == "ms");
    const auto meta = events_of(json, "M");
    const auto runs = events_of(json, "X");
    REQUIRE(runs.size() == threads * per_thread);
    REQUIRE(meta.size() == 1 + threads);  // process_name, then one thread_name per lane
    CHECK(meta[0] == nlohmann::json{{"name", "process_name"}, {"ph", "M"}, {"pid", 1}, {"tid", 0}, {"args", {{"name", "hamilton"}}}});
    for (std::size_t lane = 1; lane <= threads; ++lane)
        CHECK(meta[lane] == nlohmann::json{{"name", "thread_name"},
                                           {"ph", "M"},
                                           {"pid", 1},
                                           {"tid", lane},
                                           {"args", {{"name", fmt::format("thread {}", lane)}}}});

    std::map<std::thread::id, std::set<int>> lanes_of_thread;
    std::map<int, std::vector<nlohmann::json>> by_lane;
    for (const auto& e : runs) {
        const auto name = e.at("name").get<std::string>();
        CHECK(e.at("cat") == "node");
        CHECK(e.at("pid") == 1);
        CHECK(e.at("args").at("function") == name + "__v");
        CHECK(e.at("args").at("run_id") == 5);
        CHECK(e.at("dur").get<double>() >= 200.0);  // microseconds
        const bool second = name.ends_with("_1"), last = name.ends_with("_3");
        CHECK(e.at("args").at("item") == (second ? nlohmann::json{2, 7} : nlohmann::json::array()));
        CHECK(e.at("args").at("success") == !last);
        if (last) CHECK(e.at("args").at("error") == "no such file");
        else CHECK_FALSE(e.at("args").contains("error"));
        lanes_of_thread[thread_of_node.at(name)].insert(e.at("tid").get<int>());
        by_lane[e.at("tid").get<int>()].push_back(e);
    }
    // Each thread has exactly one lane, and each lane one thread.
    CHECK(lanes_of_thread.size() == threads);
    std::set<int> all_lanes;
    for (const auto& [thread, lanes] : lanes_of_thread) {
        CHECK(lanes.size() == 1);
        all_lanes.insert(*lanes.begin());
    }
    CHECK(all_lanes == std::set<int>{1, 2, 3});
    // On a lane, runs follow each other without overlapping, in the order they ran.
    for (auto& [lane, events] : by_lane) {
        REQUIRE(events.size() == per_thread);
        for (std::size_t i = 1; i < events.size(); ++i) {
            const double end_before = events[i - 1].at("ts").get<double>() + events[i - 1].at("dur").get<double>();
            CHECK(events[i].at("ts").get<double>() >= end_before);
            CHECK(events[i].at("name").get<std::string>().back() - events[i - 1].at("name").get<std::string>().back() == 1);
        }
    }

    trace.clear();
    CHECK(trace.size() == 0);
    CHECK(events_of(trace.json(), "M").size() == 1);  // lanes start again from 1
}

TEST_CASE("chrome_trace writes a file that parses back to the same trace", "[adapters][chrome_trace]") {
    test::temp_dir dir;
    hamilton::chrome_trace_options options;
    options.process_name = "marketing";
    options.pid = 42;
    hamilton::chrome_trace trace(options);
    trace.after_node(node(1, "spend_mean"), ok(3us));
    const auto path = dir.path / "run.trace.json";
    trace.write(path);
    const auto back = read_json(path);
    CHECK(back == trace.json());
    CHECK(events_of(back, "M")[0].at("args").at("name") == "marketing");
    CHECK(events_of(back, "X")[0].at("pid") == 42);
    CHECK(events_of(back, "X")[0].at("dur") == 3.0);
    CHECK(dir.files() == std::vector<std::string>{"run.trace.json"});  // no temporary file left

    trace.after_node(node(1, "spend_zero_mean"), ok(1us));
    trace.write(path);  // replaces the previous trace
    CHECK(events_of(read_json(path), "X").size() == 2);
}

TEST_CASE("chrome_trace given a path writes it at the end of every execute call", "[adapters][chrome_trace]") {
    test::temp_dir dir;
    const auto path = dir.path / "auto.json";
    hamilton::chrome_trace trace(path);
    CHECK(dir.files().empty());  // checking the path leaves nothing behind
    fake_run first(1, 1), second(2, 1);
    trace.before_graph(first.graph);
    trace.after_node(node(1, "a"), ok(1us));
    trace.after_graph(first.graph, graph_ok());
    CHECK(events_of(read_json(path), "X").size() == 1);
    trace.before_graph(second.graph);
    trace.after_node(node(2, "a"), failed("bad", 1us));
    trace.after_graph(second.graph, graph_failed());  // a failed call is the one worth a trace
    CHECK(events_of(read_json(path), "X").size() == 2);
    CHECK(dir.files() == std::vector<std::string>{"auto.json"});
}

TEST_CASE("chrome_trace names the path and the reason when it cannot write", "[adapters][chrome_trace]") {
    test::temp_dir dir;
    const auto missing = dir.path / "no_such_dir" / "t.json";
    const auto expected_missing =
        fmt::format("hamilton: chrome_trace: cannot write the trace to '{}': its folder '{}' does not exist; create it "
                    "first",
                    missing.string(), missing.parent_path().string());
    CHECK(error_of([&] { hamilton::chrome_trace trace(missing); }) == expected_missing);
    hamilton::chrome_trace trace;
    trace.after_node(node(1, "a"), ok());
    CHECK(error_of([&] { trace.write(missing); }) == expected_missing);

    // A directory where the file should be.
    CHECK(error_of([&] { hamilton::chrome_trace t(dir.path); }) ==
          fmt::format("hamilton: chrome_trace: cannot write the trace to '{}': it is a directory; give a file name such "
                      "as run.trace.json",
                      dir.path.string()));
    std::filesystem::create_directory(dir.path / "sub");
    CHECK(error_of([&] { trace.write(dir.path / "sub"); }) ==
          fmt::format("hamilton: chrome_trace: cannot write the trace to '{}': it is a directory; give a file name",
                      (dir.path / "sub").string()));
    CHECK(dir.files() == std::vector<std::string>{"sub"});  // the temporary file is gone

    // A file where its folder should be: no user, root included, can write there.
    const auto under_a_file = dir.under_a_file("t.json");
    const auto expected_under_a_file =
        fmt::format("hamilton: chrome_trace: cannot write the trace to '{}': '{}' is a file, not a folder; choose a "
                    "path under a folder, or move that file away",
                    under_a_file.string(), under_a_file.parent_path().string());
    CHECK(error_of([&] { hamilton::chrome_trace t(under_a_file); }) == expected_under_a_file);
    CHECK(error_of([&] { trace.write(under_a_file); }) == expected_under_a_file);
    CHECK(error_of([&] { trace.write(under_a_file.parent_path() / "deeper" / "t.json"); }) ==
          fmt::format("hamilton: chrome_trace: cannot write the trace to '{}': '{}' is a file, not a folder; choose a "
                      "path under a folder, or move that file away",
                      (under_a_file.parent_path() / "deeper" / "t.json").string(), under_a_file.parent_path().string()));
    CHECK(dir.files() == std::vector<std::string>{"not_a_folder", "sub"});
}

TEST_CASE("chrome_trace's automatic write throws after a successful call, not over a failed one's error",
          "[adapters][chrome_trace]") {
    auto dir = std::make_unique<test::temp_dir>();
    const auto path = dir->path / "t.json";
    hamilton::chrome_trace trace(path);
    dir.reset();  // the directory disappears after the check
    fake_run run(1, 1);
    trace.after_node(node(1, "a"), ok());
    const auto expected = fmt::format("hamilton: chrome_trace: cannot write the trace to '{}': its folder '{}' does not "
                                      "exist; create it first",
                                      path.string(), path.parent_path().string());
    CHECK(error_of([&] { trace.after_graph(run.graph, graph_ok()); }) == expected);
    // execute is about to rethrow the call's own error: the write error goes to stderr instead.
    std::FILE* captured = std::tmpfile();
    REQUIRE(captured != nullptr);
    std::fflush(stderr);
    const int saved = ::dup(2);
    ::dup2(::fileno(captured), 2);
    CHECK_NOTHROW(trace.after_graph(run.graph, graph_failed()));
    std::fflush(stderr);
    ::dup2(saved, 2);
    ::close(saved);
    CHECK(contents(captured) == expected + "\n");
    std::fclose(captured);
}

// ---------------------------------------------------------------------------- with a driver

namespace {

std::atomic<int> fail_on{-1};  // the item whose `squared` throws; -1: none

hamilton::parallelizable<int> item(int count) {
    std::vector<int> items(static_cast<std::size_t>(count));
    std::iota(items.begin(), items.end(), 0);
    return items;
}
int squared(int item) {
    if (item == fail_on) throw std::runtime_error("bad item");
    return item * item;
}
int total(const hamilton::collect<int>& squared) { return std::accumulate(squared.begin(), squared.end(), 0); }
int offset(int count) { return 1000 * count; }
int result(int total, int offset) { return total + offset; }

// 5 nodes; `squared` runs once per item.
constexpr auto squares = hamilton::module(HAMILTON_NODE(item, count), HAMILTON_NODE(squared, item),
                                          HAMILTON_NODE(total, squared), HAMILTON_NODE(offset, count),
                                          HAMILTON_NODE(result, total, offset));

// Checks that every node run gets exactly one before_node and one after_node, on one thread,
// and that each node runs once per item and call. docs/adapters.md shows it.
class pair_checker : public hamilton::lifecycle_adapter {
public:
    void before_graph(const hamilton::graph_run& run) override {
        const std::lock_guard lock(mutex_);
        ++graphs_started_;
        expected_runs_ += static_cast<std::int64_t>(run.node_count);
        run_ids_.insert(run.run_id);
    }
    void on_fan_out(const hamilton::fan_out_run& fan_out) override {
        const std::lock_guard lock(mutex_);
        expected_runs_ += (static_cast<std::int64_t>(fan_out.items) - 1) * static_cast<std::int64_t>(fan_out.nodes_per_item);
        items_ += fan_out.items;
    }
    void before_node(const hamilton::node_run& node) override {
        const std::lock_guard lock(mutex_);
        const auto [it, fresh] = runs_.try_emplace({node.run_id, key(node)}, std::this_thread::get_id(), false);
        ok_ = ok_ && fresh;  // a (node, item) that starts twice
    }
    void after_node(const hamilton::node_run& node, const hamilton::node_outcome& outcome) override {
        const std::lock_guard lock(mutex_);
        const auto it = runs_.find({node.run_id, key(node)});
        ok_ = ok_ && it != runs_.end() && !it->second.second && it->second.first == std::this_thread::get_id();
        if (it != runs_.end()) it->second.second = true;
        if (!outcome.success) failed_.push_back(key(node));
    }
    void after_graph(const hamilton::graph_run&, const hamilton::graph_outcome& outcome) override {
        const std::lock_guard lock(mutex_);
        ++graphs_finished_;
        succeeded_ = outcome.success;
    }

    // Every run that started finished once, on the thread that started it.
    [[nodiscard]] bool pairs_ok() const {
        const std::lock_guard lock(mutex_);
        return ok_ && std::all_of(runs_.begin(), runs_.end(), [](const auto& r) { return r.second.second; });
    }
    [[nodiscard]] std::size_t runs() const {
        const std::lock_guard lock(mutex_);
        return runs_.size();
    }

    mutable std::mutex mutex_;
    std::int64_t expected_runs_ = 0;  // node_count and each fan-out's (items - 1) * nodes_per_item
    std::size_t items_ = 0;
    int graphs_started_ = 0, graphs_finished_ = 0;
    bool succeeded_ = false;
    std::set<std::uint64_t> run_ids_;
    std::vector<std::string> failed_;

private:
    static std::string key(const hamilton::node_run& node) { return fmt::format("{}{}", node.name, node.items); }  // "squared[3]"

    std::map<std::pair<std::uint64_t, std::string>, std::pair<std::thread::id, bool>> runs_;  // started on, finished?
    bool ok_ = true;
};

// Writes "<its name> <hook> <node>" into a journal shared by several adapters.
class journal_writer : public hamilton::lifecycle_adapter {
public:
    journal_writer(std::string name, std::vector<std::string>& journal) : name_(std::move(name)), journal_(journal) {}
    void before_graph(const hamilton::graph_run&) override { note("before_graph", ""); }
    void after_graph(const hamilton::graph_run&, const hamilton::graph_outcome&) override { note("after_graph", ""); }
    void before_node(const hamilton::node_run& node) override { note("before_node", node.name); }
    void after_node(const hamilton::node_run& node, const hamilton::node_outcome&) override { note("after_node", node.name); }
    void on_fan_out(const hamilton::fan_out_run& fan_out) override { note("on_fan_out", fan_out.node.name); }

private:
    void note(std::string_view hook, std::string_view node) { journal_.push_back(fmt::format("{} {} {}", name_, hook, node)); }
    std::string name_;
    std::vector<std::string>& journal_;
};

// Runs `squares` with every built-in adapter on `executor` and checks what each one saw.
template <class Executor>
void check_adapters_on(const Executor& executor, std::size_t max_lanes) {
    constexpr int count = 50;
    constexpr std::size_t runs = count + 4;  // item, offset, total, result once; squared per item
    std::FILE* out = std::tmpfile();
    REQUIRE(out != nullptr);
    auto checker = std::make_shared<pair_checker>();
    auto bar = std::make_shared<hamilton::progress_bar>(always(out, "squares", 1h));
    auto timing = std::make_shared<hamilton::timing_report>();
    auto trace = std::make_shared<hamilton::chrome_trace>();
    auto dr = hamilton::builder()
                  .with_modules(squares)
                  .with_executor(executor)
                  .with_adapters(checker, bar, timing, trace)
                  .build();
    fail_on = -1;
    const int r = dr.template execute<"result">({{"count", count}});
    CHECK(r == 40425 + 1000 * count);  // 0² + ... + 49²

    CHECK(checker->graphs_started_ == 1);
    CHECK(checker->graphs_finished_ == 1);
    CHECK(checker->succeeded_);
    CHECK(checker->pairs_ok());
    CHECK(checker->runs() == runs);
    CHECK(checker->expected_runs_ == static_cast<std::int64_t>(runs));
    CHECK(checker->items_ == count);

    CHECK(normalized(contents(out)) ==
          "|squares [..........] 0/5 nodes | T elapsed"
          "|squares [##########] 54/54 nodes, 50 items | done in T\n");

    const auto entries = timing->entries();
    REQUIRE(entries.size() == 5);
    for (const auto& e : entries) CHECK(e.calls == (e.name == "squared" ? std::size_t{count} : 1));

    const auto json = trace->json();
    const auto events = events_of(json, "X");
    CHECK(events.size() == runs);
    std::set<std::size_t> squared_items;
    std::map<int, std::vector<nlohmann::json>> by_lane;
    for (const auto& e : events) {
        if (e.at("name") == "squared") squared_items.insert(e.at("args").at("item").at(0).get<std::size_t>());
        else CHECK(e.at("args").at("item").empty());
        by_lane[e.at("tid").get<int>()].push_back(e);
    }
    CHECK(squared_items.size() == count);
    CHECK(by_lane.size() <= max_lanes);
    CHECK(events_of(json, "M").size() == 1 + by_lane.size());
    for (auto& [lane, on_lane] : by_lane) {
        std::sort(on_lane.begin(), on_lane.end(), [](const auto& a, const auto& b) { return a.at("ts") < b.at("ts"); });
        for (std::size_t i = 1; i < on_lane.size(); ++i)
            CHECK(on_lane[i].at("ts").template get<double>() >=
                  on_lane[i - 1].at("ts").template get<double>() + on_lane[i - 1].at("dur").template get<double>());
    }

    // A node that throws: its after_node says so, the call ends failed, the driver stays usable.
    fail_on = 7;
    const auto message = error_of([&] { (void)dr.template execute<"result">({{"count", count}}); });
    CHECK(message.find("node 'squared' failed on item 7 of fan-out 'item'") != std::string::npos);
    CHECK(checker->graphs_finished_ == 2);
    CHECK_FALSE(checker->succeeded_);
    CHECK(checker->run_ids_.size() == 2);
    CHECK(checker->failed_ == std::vector<std::string>{"squared[7]"});
    CHECK(checker->pairs_ok());
    CHECK(normalized(contents(out)).ends_with(", 1 failed | failed in T\n"));
    for (const auto& e : timing->entries())
        if (e.name == "squared") CHECK(e.failures == 1);
    std::size_t errors = 0;
    for (const auto& e : events_of(trace->json(), "X"))
        if (!e.at("args").at("success").template get<bool>()) {
            ++errors;
            CHECK(e.at("args").at("error") == "bad item");
            CHECK(e.at("args").at("item") == nlohmann::json{7});
        }
    CHECK(errors == 1);
    fail_on = -1;
    CHECK(dr.template execute<"result">({{"count", count}}) == r);
    std::fclose(out);
}

}  // namespace

TEST_CASE("the built-in adapters see every node run of a driver, sequential", "[adapters][driver]") {
    check_adapters_on(hamilton::synchronous_executor{}, 1);
}

TEST_CASE("the built-in adapters see every node run of a driver, on 2 threads", "[adapters][driver]") {
    check_adapters_on(hamilton::multithreading_executor(2), 3);  // the pool's 2 and the caller
}

TEST_CASE("adapters are layered: before-hooks in the order given, after-hooks in reverse", "[adapters][driver]") {
    std::vector<std::string> journal;
    auto a = std::make_shared<journal_writer>("a", journal);
    auto b = std::make_shared<journal_writer>("b", journal);
    auto dr = hamilton::builder().with_modules(squares).with_adapters(a, b).build();
    fail_on = -1;
    CHECK(dr.execute<"offset">({{"count", 2}}) == 2000);
    CHECK(journal == std::vector<std::string>{"a before_graph ", "b before_graph ", "a before_node offset",
                                              "b before_node offset", "b after_node offset", "a after_node offset",
                                              "b after_graph ", "a after_graph "});
    journal.clear();
    CHECK(dr.execute<"total">({{"count", 1}}) == 0);
    CHECK(journal == std::vector<std::string>{"a before_graph ", "b before_graph ", "a before_node item", "b before_node item",
                                              "b after_node item", "a after_node item", "a on_fan_out item",
                                              "b on_fan_out item", "a before_node squared", "b before_node squared",
                                              "b after_node squared", "a after_node squared", "a before_node total",
                                              "b before_node total", "b after_node total", "a after_node total",
                                              "b after_graph ", "a after_graph "});
}

// ---------------------------------------------------------------------------- a hook that throws

// In a named namespace: the messages name the adapter's type.
namespace adapter_hooks {

// A chain of values that count themselves (test::tracked), and a fan-out of three of them.
test::tracked first(int seed) { return test::tracked(seed); }
test::tracked second(const test::tracked& first) { return test::tracked(first.value + 1); }
int last(const test::tracked& second) { return second.value * 10; }
constexpr auto chain = hamilton::module(HAMILTON_NODE(first, seed), HAMILTON_NODE(second, first), HAMILTON_NODE(last, second));

std::mutex doubled_mutex;
std::multiset<int> doubled_runs;  // the pieces `doubled` ran on

hamilton::parallelizable<test::tracked> piece(int seed) {
    std::vector<test::tracked> pieces;
    for (int i = 0; i < 3; ++i) pieces.emplace_back(seed + i);
    return pieces;
}
test::tracked doubled(const test::tracked& piece) {
    {
        const std::lock_guard lock(doubled_mutex);
        doubled_runs.insert(piece.value);
    }
    return test::tracked(2 * piece.value);
}
test::tracked summed(const hamilton::collect<test::tracked>& doubled) {
    int sum = 0;
    for (const auto& d : doubled) sum += d.value;
    return test::tracked(sum);
}
int fan_result(const test::tracked& summed) { return summed.value; }
constexpr auto fan = hamilton::module(HAMILTON_NODE(piece, seed), HAMILTON_NODE(doubled, piece),
                                      HAMILTON_NODE(summed, doubled), HAMILTON_NODE(fan_result, summed));

// Counts every hook per node run ("second[]", "doubled[1]") and per call ("graph"), and throws
// "boom" from one hook when told to (a node hook: on one node run). A before-hook that throws
// is not counted: it did not run to its end, and must get no after-hook.
class counter : public hamilton::lifecycle_adapter {
public:
    struct tally {
        int before = 0, after = 0;
        bool success = true;              // the last after-hook's outcome
        std::exception_ptr error;         // and its error
    };

    void throw_in(std::string hook, std::string run = "") {
        const std::lock_guard lock(mutex_);
        hook_ = std::move(hook);
        run_ = std::move(run);
    }

    void before_graph(const hamilton::graph_run&) override {
        maybe_throw("before_graph", "graph");
        const std::lock_guard lock(mutex_);
        ++tallies_["graph"].before;
    }
    void after_graph(const hamilton::graph_run&, const hamilton::graph_outcome& outcome) override {
        {
            const std::lock_guard lock(mutex_);
            auto& t = tallies_["graph"];
            ++t.after;
            t.success = outcome.success;
            t.error = outcome.error;
        }
        maybe_throw("after_graph", "graph");
    }
    void before_node(const hamilton::node_run& node) override {
        maybe_throw("before_node", key(node));
        const std::lock_guard lock(mutex_);
        ++tallies_[key(node)].before;
    }
    void after_node(const hamilton::node_run& node, const hamilton::node_outcome& outcome) override {
        {
            const std::lock_guard lock(mutex_);
            auto& t = tallies_[key(node)];
            ++t.after;
            t.success = outcome.success;
            t.error = outcome.error;
        }
        maybe_throw("after_node", key(node));
    }
    void on_fan_out(const hamilton::fan_out_run& fan_out) override {
        maybe_throw("on_fan_out", key(fan_out.node));
        const std::lock_guard lock(mutex_);
        ++fan_outs_;
    }

    // Runs whose before- and after-hooks do not pair up: "second[] 1/0".
    [[nodiscard]] std::vector<std::string> unbalanced() const {
        const std::lock_guard lock(mutex_);
        std::vector<std::string> out;
        for (const auto& [run, t] : tallies_)
            if (t.before != t.after) out.push_back(fmt::format("{} {}/{}", run, t.before, t.after));
        return out;
    }
    [[nodiscard]] tally of(const std::string& run) const {
        const std::lock_guard lock(mutex_);
        const auto it = tallies_.find(run);
        return it == tallies_.end() ? tally{} : it->second;
    }
    [[nodiscard]] int fan_outs() const {
        const std::lock_guard lock(mutex_);
        return fan_outs_;
    }
    void clear() {
        const std::lock_guard lock(mutex_);
        tallies_.clear();
        fan_outs_ = 0;
    }

private:
    static std::string key(const hamilton::node_run& node) { return fmt::format("{}{}", node.name, node.items); }
    void maybe_throw(std::string_view hook, const std::string& run) const {
        const std::lock_guard lock(mutex_);
        if (hook == hook_ && run == run_) throw std::runtime_error("boom");
    }

    mutable std::mutex mutex_;
    std::string hook_, run_;
    std::map<std::string, tally> tallies_;
    int fan_outs_ = 0;
};

struct throwing_case {
    bool fan_out;            // the graph: `fan` (a fan-out block) or `chain`
    std::string hook;        // the hook of adapter 2 that throws
    std::string run;         // on this node run ("graph" for a graph hook)
    std::string node;        // adapter_error::node()
    std::vector<std::size_t> items;  // adapter_error::items()
    std::string on;          // how the message names the node
};

const std::vector<throwing_case> throwing_cases{
    {false, "before_graph", "graph", "", {}, ""},
    {false, "before_node", "second[]", "second", {}, " on node 'second'"},
    {false, "after_node", "second[]", "second", {}, " on node 'second'"},
    {false, "after_graph", "graph", "", {}, ""},
    {true, "before_graph", "graph", "", {}, ""},
    {true, "before_node", "piece[]", "piece", {}, " on node 'piece'"},
    {true, "after_node", "piece[]", "piece", {}, " on node 'piece'"},
    {true, "on_fan_out", "piece[]", "piece", {}, " on node 'piece'"},
    {true, "before_node", "doubled[1]", "doubled", {1}, " on node 'doubled', item 1 of fan-out 'piece'"},
    {true, "after_node", "doubled[1]", "doubled", {1}, " on node 'doubled', item 1 of fan-out 'piece'"},
    {true, "before_node", "summed[]", "summed", {}, " on node 'summed'"},
    {true, "after_node", "summed[]", "summed", {}, " on node 'summed'"},
    {true, "after_graph", "graph", "", {}, ""},
};

// Three counters on one driver, the second throwing as `c` says: every adapter's hooks still
// pair up, the call throws the adapter_error, no value outlives the call, and the driver runs
// again once the adapter stops throwing. `execute` runs the driver, which gives `expected`.
template <class Driver, class Execute>
void check_throwing_hook(const throwing_case& c, const Driver& dr, const std::vector<std::shared_ptr<counter>>& counters,
                         const Execute& execute, int expected) {
    CAPTURE(c.fan_out, c.hook, c.run);
    const int alive = test::tracked::alive;
    {
        const std::lock_guard lock(doubled_mutex);
        doubled_runs.clear();
    }
    for (const auto& counter : counters) counter->clear();
    counters[1]->throw_in(c.hook, c.run);

    std::exception_ptr thrown;
    try {
        (void)execute(dr);
    } catch (...) {
        thrown = std::current_exception();
    }
    REQUIRE(thrown);
    try {
        std::rethrow_exception(thrown);
    } catch (const hamilton::adapter_error& e) {
        CHECK(std::string(e.what()) ==
              fmt::format("hamilton: {} of adapter 2 (adapter_hooks::counter) failed{}: boom", c.hook, c.on));
        CHECK(e.hook() == c.hook);
        CHECK(e.adapter() == 2);
        CHECK(e.node() == c.node);
        CHECK(e.items() == c.items);
        try {
            std::rethrow_if_nested(e);
            FAIL_CHECK("the adapter's exception is not nested");
        } catch (const std::runtime_error& original) {
            CHECK(std::string(original.what()) == "boom");
        }
    } catch (const std::exception& e) {
        FAIL_CHECK("execute threw another exception: " << e.what());
    }
    CHECK(test::tracked::alive == alive);  // no value of the call leaked
    for (std::size_t a = 0; a < counters.size(); ++a) {
        CAPTURE(a);
        CHECK(counters[a]->unbalanced().empty());
        // Each adapter whose before_graph ran got its after_graph, told what execute threw.
        const auto graph = counters[a]->of("graph");
        const bool graph_started = c.hook != "before_graph" || a == 0;
        CHECK(graph.after == (graph_started ? 1 : 0));
        if (graph_started && c.hook != "after_graph") {
            CHECK_FALSE(graph.success);
            CHECK(graph.error == thrown);
        }
        if (c.hook == "before_node") {
            // The adapters before the thrower close the run with its error; those after it never open it.
            const auto t = counters[a]->of(c.run);
            CHECK(t.after == (a == 0 ? 1 : 0));
            if (a == 0) {
                CHECK_FALSE(t.success);
                CHECK(t.error == thrown);
            }
        }
    }
    if (c.hook == "before_node" && c.run == "doubled[1]") {
        const std::lock_guard lock(doubled_mutex);
        CHECK(doubled_runs.count(11) == 0);  // the node did not run on that item
    }

    counters[1]->throw_in("");
    for (const auto& counter : counters) counter->clear();
    CHECK(execute(dr) == expected);
    CHECK(test::tracked::alive == alive);
    for (const auto& counter : counters) {
        CHECK(counter->unbalanced().empty());
        CHECK(counter->of("graph").after == 1);
        CHECK(counter->of("graph").success);
    }
}

template <class Executor>
void check_throwing_hooks(const Executor& executor) {
    const std::vector<std::shared_ptr<counter>> counters{std::make_shared<counter>(), std::make_shared<counter>(),
                                                         std::make_shared<counter>()};
    const auto chain_driver = hamilton::builder()
                                  .with_modules(chain)
                                  .with_executor(executor)
                                  .with_adapters(counters[0], counters[1], counters[2])
                                  .build();
    const auto fan_driver = hamilton::builder()
                                .with_modules(fan)
                                .with_executor(executor)
                                .with_adapters(counters[0], counters[1], counters[2])
                                .build();
    for (const auto& c : throwing_cases) {
        if (c.fan_out)
            check_throwing_hook(
                c, fan_driver, counters,
                [](const auto& dr) { return dr.template execute<"fan_result">({{"seed", 10}}); }, 2 * (10 + 11 + 12));
        else
            check_throwing_hook(
                c, chain_driver, counters, [](const auto& dr) { return dr.template execute<"last">({{"seed", 10}}); },
                (10 + 1) * 10);
    }
}

}  // namespace adapter_hooks

TEST_CASE("a throwing hook leaves every adapter's hooks paired and no value behind, sequential", "[adapters][throwing]") {
    adapter_hooks::check_throwing_hooks(hamilton::synchronous_executor{});
}

TEST_CASE("a throwing hook leaves every adapter's hooks paired and no value behind, on 2 threads",
          "[adapters][throwing][threads]") {
    adapter_hooks::check_throwing_hooks(hamilton::multithreading_executor(2));
}
