// Tests of hamilton/materialize.hpp: materialize with user-defined savers and loaders, its checks
// and errors, write_file_atomically, and visualize_materialization.
#include <hamilton/hamilton.hpp>
#include <hamilton/materialize.hpp>

#include <algorithm>
#include <atomic>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

#include "support.hpp"

using test::error_of;

namespace {

using series = std::vector<double>;

std::atomic<int> mean_calls{0};

double spend_mean(const series& spend) {
    ++mean_calls;
    double sum = 0;
    for (double x : spend) sum += x;
    return sum / static_cast<double>(spend.size());
}
series spend_zero_mean(const series& spend, double spend_mean) {
    series out(spend);
    for (double& x : out) x -= spend_mean;
    return out;
}
double scaled_mean(double spend_mean, double scale) { return spend_mean * scale; }

inline constexpr auto marketing = hamilton::module(HAMILTON_NODE(spend_mean, spend),
                                                   HAMILTON_NODE(spend_zero_mean, spend, spend_mean),
                                                   HAMILTON_NODE(scaled_mean, spend_mean, scale));

// A user-defined saver: keeps what it saves in memory (a real one would write a file or a table).
struct memory_saver {
    std::string name;
    std::vector<std::string> outputs;
    std::shared_ptr<std::map<std::string, series>> sink = std::make_shared<std::map<std::string, series>>();

    std::string id() const { return name; }
    std::vector<std::string> dependencies() const { return outputs; }
    hamilton::save_metadata save(const hamilton::results& values) const {
        hamilton::save_metadata m;
        for (const auto& output : outputs) {
            const std::any& v = values.get_any(output);
            if (const auto* s = std::any_cast<series>(&v))
                (*sink)[output] = *s;
            else
                (*sink)[output] = series{values.get<double>(output)};
            ++m.rows;
        }
        m.extra.emplace("where", "memory");
        return m;
    }
};
static_assert(hamilton::data_saver<memory_saver>);

// A user-defined loader: gives its target a fixed value and counts its loads.
template <class T>
struct constant_loader {
    std::string name;
    T value;
    std::shared_ptr<int> loads = std::make_shared<int>(0);

    std::string target() const { return name; }
    hamilton::loaded<T> load() const {
        ++*loads;
        return {value, {}};
    }
};
static_assert(hamilton::data_loader<constant_loader<double>>);
static_assert(!hamilton::data_saver<constant_loader<double>> && !hamilton::data_loader<memory_saver>);

struct failing_saver {
    std::string id() const { return "broken"; }
    std::vector<std::string> dependencies() const { return {"spend_mean"}; }
    std::filesystem::path path() const { return "db://spend"; }
    hamilton::save_metadata save(const hamilton::results&) const { throw std::runtime_error("connection refused"); }
};

struct failing_loader {
    std::string target() const { return "spend"; }
    std::filesystem::path path() const { return "db://raw"; }
    hamilton::loaded<series> load() const { throw std::runtime_error("timeout"); }
};

struct no_default {
    explicit no_default(int) {}
};
no_default holder() { return no_default(1); }
double from_holder(const no_default&) { return 1; }



// The exception nested in `e`'s, as text.
std::string nested_message(const std::exception& e) {
    try {
        std::rethrow_if_nested(e);
    } catch (const std::exception& inner) {
        return inner.what();
    }
    return {};
}

}  // namespace

TEST_CASE("materialize computes the savers' dependencies once and calls each saver", "[materialize]") {
    auto dr = hamilton::builder().with_modules(marketing).build();
    memory_saver a{"means", {"spend_mean"}};
    memory_saver b{"centred", {"spend_zero_mean", "spend_mean"}};
    mean_calls = 0;
    const auto done = hamilton::materialize(dr, {a, b}, {{"spend", series{10, 20, 30}}}, {}, {"spend"});
    CHECK(mean_calls == 1);
    CHECK(a.sink->at("spend_mean") == series{20});
    CHECK(b.sink->at("spend_zero_mean") == series{-10, 0, 10});
    REQUIRE(done.metadata.size() == 2);
    CHECK(done.metadata.at("centred").rows == 2);
    CHECK(done.metadata.at("centred").extra.at("where") == "memory");
    CHECK(done.metadata.at("means").duration.count() >= 0);
    CHECK(done.loader_metadata.empty());
    // The values computed: the savers' dependencies in order, then the additional outputs.
    const auto names = done.outputs.names();
    CHECK(std::vector<std::string>(names.begin(), names.end()) ==
          std::vector<std::string>{"spend_mean", "spend_zero_mean", "spend"});

    // The driver's member does the same.
    mean_calls = 0;
    const auto again = dr.materialize({memory_saver{"m", {"spend_mean"}}}, {{"spend", series{1, 3}}});
    CHECK(again.outputs.get<double>("spend_mean") == 2);
    CHECK(mean_calls == 1);
}

TEST_CASE("a loader replaces a node, whose upstream is then not computed", "[materialize]") {
    auto dr = hamilton::builder().with_modules(marketing).build();
    constant_loader<double> mean{"spend_mean", 5.0};
    memory_saver saver{"scaled", {"scaled_mean"}};
    mean_calls = 0;
    // No "spend" is given: spend_mean is loaded, so nothing needs it.
    const auto done = dr.materialize({mean, saver}, {{"scale", 2.0}});
    CHECK(mean_calls == 0);
    CHECK(*mean.loads == 1);
    CHECK(saver.sink->at("scaled_mean") == series{10});
    REQUIRE(done.loader_metadata.count("spend_mean") == 1);
    CHECK(done.loader_metadata.at("spend_mean").duration.count() >= 0);
}

TEST_CASE("a loader gives an input, or a value the config supplies", "[materialize]") {
    constant_loader<series> spend{"spend", series{2, 4}};
    memory_saver saver{"mean", {"spend_mean"}};
    auto dr = hamilton::builder().with_modules(marketing).build();
    dr.materialize({spend, saver});
    CHECK(saver.sink->at("spend_mean") == series{3});

    // A loaded value takes the place of the config's.
    auto configured = hamilton::builder().with_modules(marketing).with_config({{"scale", 3.0}}).build();
    memory_saver scaled{"scaled", {"scaled_mean"}};
    configured.materialize({constant_loader<double>{"scale", 10.0}, scaled}, {{"spend", series{1, 1}}});
    CHECK(scaled.sink->at("scaled_mean") == series{10});
}

TEST_CASE("materialize checks names, ids and types before loading, computing or saving anything", "[materialize]") {
    auto dr = hamilton::builder().with_modules(marketing).build();
    const hamilton::values spend{{"spend", series{1, 2}}};
    constant_loader<double> loader{"spend_mean", 1.0};
    memory_saver saver{"s", {"spend_mean"}};

    CHECK(error_of([&] { dr.materialize({memory_saver{"s", {"spend_maen"}}}, spend); }) ==
          "hamilton: materialize: saver 's' saves 'spend_maen', which names nothing in the graph; did you mean "
          "'spend_mean'?");
    CHECK(error_of([&] { dr.materialize({constant_loader<double>{"spend_men", 1.0}, saver}, spend); }) ==
          "hamilton: materialize: loader of 'spend_men': no node or input is named 'spend_men'; did you mean "
          "'spend_mean'?");
    CHECK(error_of([&] { dr.materialize({saver, memory_saver{"s", {"spend"}}}, spend); }) ==
          "hamilton: materialize: two savers have the id 's'; give each saver its own id");
    CHECK(error_of([&] { dr.materialize({loader, loader, saver}, spend); }) ==
          "hamilton: materialize: two loaders load 'spend_mean'; keep one");
    CHECK(error_of([&] { dr.materialize({constant_loader<int>{"spend_mean", 1}, saver}, spend); }) ==
          "hamilton: materialize: loader of 'spend_mean' loads type int, but 'spend_mean' has type double; load it as "
          "double");
    CHECK(error_of([&] { dr.materialize({constant_loader<series>{"spend", {}}, saver}, spend); }) ==
          "hamilton: materialize: 'spend' is given as an input and loaded by the loader of 'spend'; give it in one "
          "place");
    CHECK(error_of([&] { dr.materialize({loader, saver}, spend, {{"spend_mean", 2.0}}); }) ==
          "hamilton: materialize: 'spend_mean' is given as an override and loaded by the loader of 'spend_mean'; "
          "give it in one place");
    CHECK(error_of([&] { dr.materialize({memory_saver{"", {"spend_mean"}}}, spend); }) ==
          "hamilton: materialize: a saver of ['spend_mean'] has an empty id; give it one");
    CHECK(error_of([&] { dr.materialize({memory_saver{"e", {}}}, spend); }) ==
          "hamilton: materialize: saver 'e' saves nothing; give it the outputs to save");
    CHECK(error_of([&] { dr.materialize({memory_saver{"d", {"spend_mean", "spend_mean"}}}, spend); }) ==
          "hamilton: materialize: saver 'd' lists 'spend_mean' twice; list each output once");
    CHECK(error_of([&] { dr.materialize({}, spend); }) ==
          "hamilton: materialize: nothing to save or compute; give at least one saver (to_csv, to_json or your own) "
          "or an additional output");
    CHECK(*loader.loads == 0);

    // Problems of the execution itself, found before the loader runs; all of them at once.
    const auto missing = error_of([&] { dr.materialize({loader, memory_saver{"z", {"spend_zero_mean"}}}); });
    CHECK(missing ==
          "hamilton: materialize: missing input 'spend' of type std::vector<double>, needed by 'spend_zero_mean'; "
          "inputs given: []");
    CHECK(*loader.loads == 0);
    CHECK(error_of([&] { dr.materialize({saver, memory_saver{"t", {"spend"}}}, {{"spend", 1.0}}, {}, {"nope"}); }) ==
          "hamilton: 2 problems in materialize:\n"
          "  - no node produces 'nope' and no node takes it as an input\n"
          "  - input 'spend' has the wrong type: expected std::vector<double>, given double");
}

TEST_CASE("a saver's check_types reports its problems before anything runs", "[materialize]") {
    struct picky : memory_saver {
        std::vector<std::string> check_types(const std::vector<hamilton::variable>& deps) const {
            std::vector<std::string> out;
            for (const auto& d : deps)
                if (d.type != "double") out.push_back(fmt::format("'{}' has type {}, not double", d.name, d.type));
            return out;
        }
    };
    auto dr = hamilton::builder().with_modules(marketing).build();
    picky p;
    p.name = "p";
    p.outputs = {"spend_mean", "spend_zero_mean"};
    mean_calls = 0;
    CHECK(error_of([&] { dr.materialize({p}, {{"spend", series{1.0}}}); }) ==
          "hamilton: materialize: saver 'p': 'spend_zero_mean' has type std::vector<double>, not double");
    CHECK(mean_calls == 0);
}

TEST_CASE("a failed save or load names the saver or loader and nests the original", "[materialize]") {
    auto dr = hamilton::builder().with_modules(marketing).build();
    try {
        dr.materialize({failing_saver{}}, {{"spend", series{1.0}}});
        FAIL("expected an error");
    } catch (const hamilton::error& e) {
        CHECK(std::string(e.what()) == "hamilton: materialize: saver 'broken' of ['spend_mean'] failed: connection refused");
        CHECK(nested_message(e) == "connection refused");
    }
    try {
        dr.materialize({failing_loader{}, memory_saver{"m", {"spend_mean"}}});
        FAIL("expected an error");
    } catch (const hamilton::error& e) {
        CHECK(std::string(e.what()) == "hamilton: materialize: loader of 'spend' failed: timeout");
        CHECK(nested_message(e) == "timeout");
    }
    // A node that throws is still a node_error naming the node.
    CHECK_THROWS_AS(dr.materialize({memory_saver{"m", {"spend_mean"}}}, {{"spend", series{}}}, {{"spend_mean", 1}}),
                    hamilton::error);
}

TEST_CASE("a loader of a type without a default constructor is checked after it loads", "[materialize]") {
    auto dr = hamilton::builder()
                  .with_modules(hamilton::module(HAMILTON_NODE(holder), HAMILTON_NODE(from_holder, holder)))
                  .build();
    constant_loader<no_default> loader{"holder", no_default(2)};
    memory_saver saver{"h", {"from_holder"}};
    const auto done = dr.materialize({loader, saver});
    CHECK(*loader.loads == 1);
    CHECK(saver.sink->at("from_holder") == series{1});
    CHECK(error_of([&] { (void)dr.visualize_materialization({loader, saver}); }) ==
          "hamilton: visualize_materialization: loader of 'holder' loads type (anonymous namespace)::no_default, which "
          "has no default constructor; drawing needs one to stand for the value without loading it");
}

TEST_CASE("write_file_atomically leaves the file complete or as it was, and no temporary file", "[materialize]") {
    test::temp_dir dir;
    const auto file = dir.path / "out.txt";
    CHECK(hamilton::write_file_atomically(file, [](std::FILE* f) { std::fputs("first", f); }) == 5);
    CHECK(test::read_text(file) == "first");

    // The writer throws: the old content stays, the temporary file is gone.
    CHECK_THROWS_WITH(hamilton::write_file_atomically(file,
                                                      [](std::FILE* f) {
                                                          std::fputs("half", f);
                                                          throw std::runtime_error("disk on fire");
                                                      }),
                      "disk on fire");
    CHECK(test::read_text(file) == "first");
    CHECK(dir.files() == std::vector<std::string>{"out.txt"});

    const auto missing = dir.path / "no_such_folder" / "out.txt";
    CHECK(error_of([&] { hamilton::write_file_atomically(missing, [](std::FILE*) {}); }) ==
          fmt::format("hamilton: cannot write '{}': its folder '{}' does not exist; create it first", missing.string(),
                      (dir.path / "no_such_folder").string()));
    CHECK(error_of([&] { hamilton::write_file_atomically(dir.path, [](std::FILE*) {}); }) ==
          fmt::format("hamilton: cannot write '{}': it is a directory; give a file name", dir.path.string()));

    // A file where its folder should be, or further up: no user, root included, can write there.
    const auto under_a_file = dir.under_a_file("out.txt");
    const auto not_a_folder = under_a_file.parent_path();
    CHECK(error_of([&] { hamilton::write_file_atomically(under_a_file, [](std::FILE*) {}); }) ==
          fmt::format("hamilton: cannot write '{}': '{}' is a file, not a folder; choose a path under a folder, or move "
                      "that file away",
                      under_a_file.string(), not_a_folder.string()));
    CHECK(error_of([&] { hamilton::write_file_atomically(not_a_folder / "a" / "b" / "out.txt", [](std::FILE*) {}); }) ==
          fmt::format("hamilton: cannot write '{}': '{}' is a file, not a folder; choose a path under a folder, or move "
                      "that file away",
                      (not_a_folder / "a" / "b" / "out.txt").string(), not_a_folder.string()));
    CHECK(dir.files() == std::vector<std::string>{"not_a_folder", "out.txt"});
    // A folder the process may not write to: which folders those are depends on who runs the
    // test (root writes into a read-only one), so the message is checked from the error code.
    CHECK(hamilton::detail::files::open_failure("out/t.txt", EACCES) ==
          "Permission denied; check that its folder 'out' is writable");
    CHECK(hamilton::detail::files::open_failure("t.txt", EROFS) ==
          "Read-only file system; check that its folder '.' is writable");

    CHECK(error_of([&] { (void)hamilton::read_file(dir.path / "nope.txt"); }) ==
          fmt::format("hamilton: cannot read '{}': No such file or directory", (dir.path / "nope.txt").string()));
    CHECK(hamilton::read_file(file) == "first");
}

TEST_CASE("a saver writing through write_file_atomically reports the path and reason", "[materialize]") {
    struct text_saver {
        std::filesystem::path where;
        std::string id() const { return "text"; }
        std::vector<std::string> dependencies() const { return {"spend_mean"}; }
        std::filesystem::path path() const { return where; }
        hamilton::save_metadata save(const hamilton::results& values) const {
            const auto text = fmt::format("{}\n", values.get<double>("spend_mean"));
            hamilton::save_metadata m;
            m.bytes = hamilton::write_file_atomically(where, [&](std::FILE* f) { std::fputs(text.c_str(), f); });
            m.rows = 1;
            return m;
        }
    };
    test::temp_dir dir;
    auto dr = hamilton::builder().with_modules(marketing).build();
    const auto done = dr.materialize({text_saver{dir.path / "mean.txt"}}, {{"spend", series{1, 2}}});
    CHECK(test::read_text(dir.path / "mean.txt") == "1.5\n");
    CHECK(done.metadata.at("text").bytes == 4);
    CHECK(done.metadata.at("text").path == dir.path / "mean.txt");  // filled from path()

    const auto bad = dir.path / "missing" / "mean.txt";
    try {
        dr.materialize({text_saver{bad}}, {{"spend", series{1, 2}}});
        FAIL("expected an error");
    } catch (const hamilton::error& e) {
        CHECK(std::string(e.what()) ==
              fmt::format("hamilton: materialize: saver 'text' of ['spend_mean'] failed: cannot write '{}': its folder '{}' does not "
                          "exist; create it first",
                          bad.string(), bad.parent_path().string()));
        CHECK_THAT(nested_message(e), Catch::StartsWith("hamilton: cannot write"));
    }
    CHECK(dir.files() == std::vector<std::string>{"mean.txt"});
}

TEST_CASE("visualize_materialization draws savers and loaders as boxes around the execution", "[materialize]") {
    auto dr = hamilton::builder().with_modules(marketing).build();
    constant_loader<double> mean{"spend_mean", 5.0};
    memory_saver saver{"scaled \"x\"", {"scaled_mean", "spend_mean"}};
    const auto dot = dr.visualize_materialization({mean, saver}, {}, {{"scale", 2.0}});
    CHECK(*mean.loads == 0);
    CHECK_THAT(dot, Catch::StartsWith("digraph hamilton {"));
    CHECK_THAT(dot, Catch::Contains(R"("saver: scaled \"x\"" [label=<<b>scaled &quot;x&quot;</b><br/><i>saver</i>>, shape=note)"));
    CHECK_THAT(dot, Catch::Contains(R"("scaled_mean" -> "saver: scaled \"x\"";)"));
    CHECK_THAT(dot, Catch::Contains(R"("spend_mean" -> "saver: scaled \"x\"";)"));
    CHECK_THAT(dot, Catch::Contains(R"("loader: spend_mean" [label=<<b>spend_mean</b><br/><i>loader</i>>, shape=cylinder)"));
    CHECK_THAT(dot, Catch::Contains(R"("loader: spend_mean" -> "spend_mean" [style=bold];)"));
    CHECK_THAT(dot, Catch::Contains("(override)"));                        // the loaded node
    CHECK_THAT(dot, !Catch::Contains(R"("spend" [)"));                    // its upstream is not drawn
    CHECK_THAT(dot, Catch::Contains(R"("legend_saver" [label="data saver")"));
    CHECK_THAT(dot, Catch::Contains(R"("legend_loader" [label="data loader")"));
    CHECK_THAT(dot, Catch::EndsWith("  }\n}\n"));
    CHECK(dot == hamilton::visualize_materialization(dr, {mean, saver}, {}, {{"scale", 2.0}}));

    test::temp_dir dir;
    const auto written = dr.visualize_materialization({mean, saver}, dir.path / "m.dot", {{"scale", 2.0}});
    CHECK(written == test::read_text(dir.path / "m.dot"));

    // Checked like materialize.
    CHECK(error_of([&] { (void)dr.visualize_materialization({memory_saver{"s", {"spend_maen"}}}); }) ==
          "hamilton: visualize_materialization: saver 's' saves 'spend_maen', which names nothing in the graph; "
          "did you mean 'spend_mean'?");
    CHECK(error_of([&] { (void)dr.visualize_materialization({saver}); }) ==
          "hamilton: 2 problems in visualize_materialization:\n"
          "  - missing input 'spend' of type std::vector<double>, needed by 'spend_mean'; inputs given: []\n"
          "  - missing input 'scale' of type double, needed by 'scaled_mean'; inputs given: []");
}
