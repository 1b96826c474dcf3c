// Stress test of cache.hpp: threads, and two processes, sharing one cache directory, with inputs
// drawn from a small set so that keys collide; every result is compared with an uncached run.
// The two processes are this test binary started again on a hidden test case.
#include <hamilton/cache.hpp>
#include <hamilton/executor.hpp>
#include <hamilton/hamilton.hpp>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "support.hpp"

extern char** environ;

namespace {

namespace stress {
double base(int a) { return a * 1.5 - 1; }
std::string name(int a, int b) { return fmt::format("{}/{}", a, b); }
std::vector<double> series(double base, int b) {
    std::vector<double> out(static_cast<std::size_t>(b) + 1);
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = base * static_cast<double>(i);
    return out;
}
std::map<std::string, double> summary(const std::vector<double>& series, const std::string& name) {
    return {{name, std::accumulate(series.begin(), series.end(), 0.0)}, {"-inf", -std::numeric_limits<double>::infinity()}};
}
hamilton::parallelizable<double> part(const std::vector<double>& series) { return series; }
double part_squared(double part) { return part * part; }
std::string part_label(double part) { return fmt::format("<{}>", part); }
double sum_of_squares(hamilton::collect<double> part_squared) {
    return std::accumulate(part_squared.begin(), part_squared.end(), 0.0);
}
std::string labels(hamilton::collect<std::string> part_label) {
    return std::accumulate(part_label.begin(), part_label.end(), std::string());
}
std::string report(const std::map<std::string, double>& summary, double sum_of_squares, const std::string& labels) {
    std::string out;
    for (const auto& [k, v] : summary) out += fmt::format("{}={};", k, v);
    return fmt::format("{}{}{}", out, sum_of_squares, labels);
}
constexpr auto m = hamilton::module(
    HAMILTON_NODE(base, a), HAMILTON_NODE(name, a, b), HAMILTON_NODE(series, base, b), HAMILTON_NODE(summary, series, name),
    HAMILTON_NODE(part, series), HAMILTON_NODE(part_squared, part), HAMILTON_NODE(part_label, part),
    HAMILTON_NODE(sum_of_squares, part_squared), HAMILTON_NODE(labels, part_label),
    HAMILTON_NODE(report, summary, sum_of_squares, labels));
}  // namespace stress

constexpr int input_choices = 3;  // a and b each: 9 keys per node, shared by every thread and process
constexpr char directory_variable[] = "HAMILTON_CACHE_STRESS_DIR";
constexpr char seed_variable[] = "HAMILTON_CACHE_STRESS_SEED";

// Threads executing drivers of two cache objects on one directory, one of them on a thread pool,
// with random inputs, clearing the caches now and then. Returns the cache events seen.
std::vector<hamilton::cache_event> hammer(const std::filesystem::path& directory, unsigned seed) {
    const auto plain = hamilton::builder().with_modules(stress::m).build();
    std::map<std::pair<int, int>, std::string> expected;
    for (int a = 0; a < input_choices; ++a)
        for (int b = 0; b < input_choices; ++b) expected[{a, b}] = plain.execute<"report">({{"a", a}, {"b", b}});

    auto one = std::make_shared<hamilton::cache>(hamilton::cache_options{directory});
    auto other = std::make_shared<hamilton::cache>(hamilton::cache_options{directory});
    const auto on_caller = hamilton::builder().with_modules(stress::m).with_cache(one).build();
    const auto on_pool = hamilton::builder()
                             .with_modules(stress::m)
                             .with_cache(other)
                             .with_executor(hamilton::multithreading_executor(2))
                             .build();
    constexpr int threads = 4, rounds = 40;
    std::vector<std::vector<std::string>> wrong(threads);
    std::vector<std::thread> running;
    for (int t = 0; t < threads; ++t) {
        running.emplace_back([&, t] {
            std::mt19937 random(seed * 100 + static_cast<unsigned>(t));
            std::uniform_int_distribution<int> choice(0, input_choices - 1), action(0, 9);
            for (int round = 0; round < rounds; ++round) {
                const int a = choice(random), b = choice(random);
                const auto what = action(random);
                if (what == 0) (round % 2 == 0 ? one : other)->clear();
                const auto& dr = what % 2 == 0 ? on_caller : on_pool;
                std::string got;
                if (what < 5) {
                    got = dr.execute<"report">({{"a", a}, {"b", b}});
                } else {
                    got = dr.execute({"report", "summary"}, {{"a", a}, {"b", b}}).get<std::string>("report");
                }
                if (got != expected[{a, b}]) wrong[static_cast<std::size_t>(t)].push_back(fmt::format("({}, {}): {}", a, b, got));
            }
        });
    }
    for (auto& r : running) r.join();
    for (const auto& w : wrong) CHECK(w == std::vector<std::string>{});
    auto events = one->events();
    for (auto& e : other->events()) events.push_back(std::move(e));
    return events;
}

// Starts this test binary on the hidden test case below, its output going to `log`.
pid_t start_child(const std::filesystem::path& log, unsigned seed) {
    REQUIRE(::setenv(seed_variable, std::to_string(seed).c_str(), 1) == 0);
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&files, STDOUT_FILENO, STDERR_FILENO);
    const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
    std::string tag = "[cache_stress_child]";
    char* argv[] = {const_cast<char*>(self.c_str()), tag.data(), nullptr};
    pid_t pid = 0;
    const int failed = posix_spawn(&pid, self.c_str(), &files, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&files);
    REQUIRE(failed == 0);
    return pid;
}

}  // namespace

TEST_CASE("the cache is exact under threads and two processes sharing its directory") {
    const test::temp_dir scratch;
    REQUIRE(::setenv(directory_variable, scratch.path.c_str(), 1) == 0);
    const auto log_one = scratch.path / "child-1.log", log_two = scratch.path / "child-2.log";
    const pid_t one = start_child(log_one, 1), two = start_child(log_two, 2);
    // This process hammers the same directory meanwhile.
    const auto events = hammer(scratch.path / "cache", 0);
    for (const auto& [pid, log] : {std::pair{one, log_one}, std::pair{two, log_two}}) {
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        INFO("the child process wrote:\n" << test::read_text(log));
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    ::unsetenv(directory_variable);
    ::unsetenv(seed_variable);
    for (const auto& e : events) {
        CHECK_FALSE(e.what.starts_with("computed: corrupt entry"));
        CHECK_FALSE(e.what.starts_with("not written"));
    }
}

// Run by the test case above in two other processes.
TEST_CASE("a process hammering the cache directory it is given", "[.][cache_stress_child]") {
    const char* directory = std::getenv(directory_variable);
    const char* seed = std::getenv(seed_variable);
    REQUIRE(directory != nullptr);
    REQUIRE(seed != nullptr);
    const auto events = hammer(std::filesystem::path(directory) / "cache", static_cast<unsigned>(std::stoul(seed)));
    std::size_t hits = 0;
    for (const auto& e : events) {
        CHECK_FALSE(e.what.starts_with("computed: corrupt entry"));
        CHECK_FALSE(e.what.starts_with("not written"));
        if (e.what.starts_with("hit")) ++hits;
    }
    CHECK(hits > 0);
}
