// Tests of executor.hpp (synchronous and multithreading executors) and of how the driver calls
// lifecycle adapters (adapters.hpp); the built-in adapters are tested in adapters_test.cpp.
#include <hamilton/executor.hpp>
#include <hamilton/hamilton.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support.hpp"

namespace {

using namespace std::chrono_literals;

// Two nodes that each wait (up to 10 s) for the other to have started: they finish at once only
// when they run at the same time.
struct rendezvous {
    std::mutex mutex;
    std::condition_variable cv;
    int arrived = 0;
    bool meet() {
        std::unique_lock lock(mutex);
        ++arrived;
        cv.notify_all();
        return cv.wait_for(lock, 10s, [&] { return arrived >= 2; });
    }
};
rendezvous meeting;
bool left() { return meeting.meet(); }
bool right() { return meeting.meet(); }
int both_met(bool left, bool right) { return left && right ? 1 : 0; }
constexpr auto wide = hamilton::module(HAMILTON_NODE(left), HAMILTON_NODE(right), HAMILTON_NODE(both_met, left, right));

}  // namespace

TEST_CASE("a multithreading executor runs independent nodes at the same time") {
    meeting.arrived = 0;
    const auto dr = hamilton::builder().with_modules(wide).with_executor(hamilton::multithreading_executor(2)).build();
    CHECK(dr.execute<"both_met">() == 1);
}

TEST_CASE("an executor's threads and with_executor(synchronous_executor{})") {
    const hamilton::multithreading_executor pool(3);
    CHECK(pool.threads() == 3);
    CHECK(hamilton::multithreading_executor().threads() >= 1);
    // Back to the calling thread: the rendezvous cannot happen, each side waits alone.
    const auto dr = hamilton::builder()
                        .with_modules(hamilton::module(HAMILTON_NODE(both_met, left, right)))
                        .with_executor(pool)
                        .with_executor(hamilton::synchronous_executor{})
                        .build();
    CHECK(dr.execute<"both_met">({{"left", true}, {"right", true}}) == 1);
}

namespace failing {
std::atomic<int> slow_calls{0}, after_slow_calls{0};
std::atomic<bool> slow_started{false};
int fails() {
    // Fails while `slow` runs (when both run at once).
    for (int i = 0; i < 1000 && !slow_started; ++i) std::this_thread::sleep_for(10ms);
    throw std::runtime_error("broken");
}
int slow() {
    slow_started = true;
    std::this_thread::sleep_for(200ms);
    return ++slow_calls;
}
int after_slow(int slow) {
    ++after_slow_calls;
    return slow;
}
int joined(int fails, int after_slow) { return fails + after_slow; }
constexpr auto m = hamilton::module(HAMILTON_NODE(fails), HAMILTON_NODE(slow), HAMILTON_NODE(after_slow, slow),
                                    HAMILTON_NODE(joined, fails, after_slow));
}  // namespace failing

TEST_CASE("when a node throws, running nodes finish, no new node starts, and the first error is rethrown") {
    const auto dr =
        hamilton::builder().with_modules(failing::m).with_executor(hamilton::multithreading_executor(2)).build();
    failing::slow_calls = failing::after_slow_calls = 0;
    failing::slow_started = false;
    CHECK_THROWS_WITH(dr.execute<"joined">(), "hamilton: node 'fails' failed: broken");
    CHECK(failing::slow_calls == 1);        // was running: finished
    CHECK(failing::after_slow_calls == 0);  // not started after the error
    // The driver is usable afterwards.
    CHECK(dr.execute<"after_slow">() == 2);
}

namespace nested_call {
int inner_value(int x) { return x + 1; }
constexpr auto inner = hamilton::module(HAMILTON_NODE(inner_value, x));
const hamilton::multithreading_executor shared_pool(1);
int outer_value(int y) {
    // Hamilton within Hamilton, on the pool this node runs on: must not wait for itself.
    const auto dr = hamilton::builder().with_modules(inner).with_executor(shared_pool).build();
    return dr.execute<"inner_value">({{"x", y}}) * 10;
}
constexpr auto outer = hamilton::module(HAMILTON_NODE(outer_value, y));
}  // namespace nested_call

TEST_CASE("a node may execute another driver on the same pool") {
    const auto dr = hamilton::builder().with_modules(nested_call::outer).with_executor(nested_call::shared_pool).build();
    CHECK(dr.execute<"outer_value">({{"y", 4}}) == 50);
}

namespace concurrent {
hamilton::parallelizable<int> ids(int count) { return std::vector<int>(static_cast<std::size_t>(count), 1); }
long weight(int ids, int factor) { return long{ids} * factor; }
long weights(hamilton::collect<long> weight) { return std::accumulate(weight.begin(), weight.end(), 0L); }
constexpr auto m = hamilton::module(HAMILTON_NODE(ids, count), HAMILTON_NODE(weight, ids, factor),
                                    HAMILTON_NODE(weights, weight));
}  // namespace concurrent

TEST_CASE("several threads may execute one threaded driver at once") {
    const auto dr =
        hamilton::builder().with_modules(concurrent::m).with_executor(hamilton::multithreading_executor(2)).build();
    std::vector<std::thread> callers;
    std::atomic<int> right{0};
    for (int t = 0; t < 4; ++t)
        callers.emplace_back([&, t] {
            for (int i = 0; i < 20; ++i)
                if (dr.execute<"weights">({{"count", 100 + i}, {"factor", t}}) == long{100 + i} * t) ++right;
        });
    for (auto& c : callers) c.join();
    CHECK(right == 80);
}

namespace journal {
// Records every hook call as text.
struct recorder : hamilton::lifecycle_adapter {
    explicit recorder(std::string name, std::vector<std::string>& log, std::mutex& mutex)
        : name_(std::move(name)), log_(&log), mutex_(&mutex) {}
    void before_graph(const hamilton::graph_run& g) override {
        add(fmt::format("before_graph [{}] {} nodes", fmt::join(g.outputs, ","), g.node_count));
    }
    void after_graph(const hamilton::graph_run&, const hamilton::graph_outcome& o) override {
        add(fmt::format("after_graph {}", o.success ? "ok" : "failed"));
    }
    void before_node(const hamilton::node_run& n) override {
        add(fmt::format("before {} [{}]", n.name, fmt::join(n.items, ",")));
    }
    void after_node(const hamilton::node_run& n, const hamilton::node_outcome& o) override {
        add(fmt::format("after {} [{}] {}", n.name, fmt::join(n.items, ","), o.success ? "ok" : "failed"));
    }
    void on_fan_out(const hamilton::fan_out_run& f) override {
        add(fmt::format("fan_out {} {} items x {} nodes", f.node.name, f.items, f.nodes_per_item));
    }
    void add(std::string line) {
        std::lock_guard lock(*mutex_);
        log_->push_back(name_ + ": " + std::move(line));
    }
    std::string name_;
    std::vector<std::string>* log_;
    std::mutex* mutex_;
};
struct throwing_after : hamilton::lifecycle_adapter {
    void after_node(const hamilton::node_run&, const hamilton::node_outcome&) override {
        throw std::runtime_error("adapter broke");
    }
    void after_graph(const hamilton::graph_run&, const hamilton::graph_outcome&) override {
        throw std::runtime_error("adapter broke at the end");
    }
};
struct timed : hamilton::lifecycle_adapter {
    bool wants_timing() const override { return true; }
    void after_node(const hamilton::node_run&, const hamilton::node_outcome& o) override { durations.push_back(o.duration); }
    std::vector<std::chrono::nanoseconds> durations;
};
}  // namespace journal

TEST_CASE("the driver calls every adapter around the graph, each node and each fan-out, in layers") {
    std::vector<std::string> log;
    std::mutex mutex;
    const auto dr = hamilton::builder()
                        .with_modules(concurrent::m)
                        .with_adapters(std::make_shared<journal::recorder>("a", log, mutex))
                        .with_adapters(std::make_shared<journal::recorder>("b", log, mutex))
                        .build();
    CHECK(dr.execute<"weights">({{"count", 2}, {"factor", 3}}) == 6);
    CHECK(log == std::vector<std::string>{
                     "a: before_graph [weights] 3 nodes", "b: before_graph [weights] 3 nodes", "a: before ids []",
                     "b: before ids []", "b: after ids [] ok", "a: after ids [] ok",
                     "a: fan_out ids 2 items x 1 nodes", "b: fan_out ids 2 items x 1 nodes", "a: before weight [0]",
                     "b: before weight [0]", "b: after weight [0] ok", "a: after weight [0] ok",
                     "a: before weight [1]", "b: before weight [1]", "b: after weight [1] ok",
                     "a: after weight [1] ok", "a: before weights []", "b: before weights []",
                     "b: after weights [] ok", "a: after weights [] ok", "b: after_graph ok", "a: after_graph ok"});
}

TEST_CASE("on a pool, every node run gets one before and one after hook") {
    std::vector<std::string> log;
    std::mutex mutex;
    const auto dr = hamilton::builder()
                        .with_modules(concurrent::m)
                        .with_executor(hamilton::multithreading_executor(2))
                        .with_adapters(std::make_shared<journal::recorder>("a", log, mutex))
                        .build();
    CHECK(dr.execute<"weights">({{"count", 50}, {"factor", 1}}) == 50);
    std::sort(log.begin(), log.end());
    CHECK(std::count_if(log.begin(), log.end(), [](const auto& l) { return l.starts_with("a: before weight ["); }) == 50);
    CHECK(std::count_if(log.begin(), log.end(), [](const auto& l) { return l.starts_with("a: after weight ["); }) == 50);
    CHECK(std::count(log.begin(), log.end(), "a: after weight [49] ok") == 1);
    CHECK(std::count(log.begin(), log.end(), "a: after_graph ok") == 1);
}

TEST_CASE("an adapter that throws in an after-hook does not keep the others from theirs") {
    std::vector<std::string> log;
    std::mutex mutex;
    const auto dr = hamilton::builder()
                        .with_modules(hamilton::module(HAMILTON_NODE(both_met, left, right)))
                        .with_adapters(std::make_shared<journal::recorder>("a", log, mutex),
                                       std::make_shared<journal::throwing_after>())
                        .build();
    CHECK_THROWS_WITH(dr.execute<"both_met">({{"left", true}, {"right", true}}),
                      "hamilton: after_node of adapter 2 (journal::throwing_after) failed on node 'both_met': adapter broke");
    CHECK(log == std::vector<std::string>{"a: before_graph [both_met] 1 nodes", "a: before both_met []",
                                          "a: after both_met [] ok", "a: after_graph failed"});
}

TEST_CASE("a node's failure reaches the adapters, and durations are measured when one wants them") {
    std::vector<std::string> log;
    std::mutex mutex;
    auto timing = std::make_shared<journal::timed>();
    const auto dr = hamilton::builder()
                        .with_modules(failing::m)
                        .with_adapters(std::make_shared<journal::recorder>("a", log, mutex), timing)
                        .build();
    failing::slow_started = true;
    CHECK_THROWS_AS(dr.execute<"fails">(), hamilton::node_error);
    CHECK(log == std::vector<std::string>{"a: before_graph [fails] 1 nodes", "a: before fails []",
                                          "a: after fails [] failed", "a: after_graph failed"});
    (void)dr.execute<"slow">();
    REQUIRE(timing->durations.size() == 2);
    CHECK(timing->durations[1] >= 200ms);
}

TEST_CASE("with_adapters rejects an empty pointer") {
    CHECK(test::error_of([] {
              (void)hamilton::builder().with_modules(wide).with_adapters(std::shared_ptr<journal::timed>());
          }) == "hamilton: with_adapters: an adapter is an empty std::shared_ptr; pass one that owns an adapter, e.g. "
                "std::make_shared<hamilton::timing_report>()");
}
