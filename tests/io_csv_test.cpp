// Tests of hamilton/io/csv.hpp: to_csv and from_csv through materialize, and their errors.
#include <hamilton/hamilton.hpp>
#include <hamilton/io/csv.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "support.hpp"

using test::error_of;

namespace {

using series = std::vector<double>;

int raw_calls = 0;

series spend(const std::string& file_path) {
    ++raw_calls;
    return series(file_path.size(), 1.0);
}
series spend_zero_mean(const series& spend) {
    double sum = 0;
    for (double x : spend) sum += x;
    series out(spend);
    for (double& x : out) x -= sum / static_cast<double>(spend.size());
    return out;
}
std::vector<int> weeks(const series& spend) {
    std::vector<int> out(spend.size());
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<int>(i + 1);
    return out;
}
std::vector<std::string> labels(const series& spend) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < spend.size(); ++i) out.push_back(i == 0 ? "plain" : i == 1 ? "a, \"quoted\"\nline" : " padded ");
    return out;
}
double total(const series& spend) {
    double sum = 0;
    for (double x : spend) sum += x;
    return sum;
}
series short_column(const series& spend) { return series(spend.begin(), spend.end() - 1); }

inline constexpr auto table = hamilton::module(HAMILTON_NODE(spend, file_path), HAMILTON_NODE(spend_zero_mean, spend),
                                               HAMILTON_NODE(weeks, spend), HAMILTON_NODE(labels, spend),
                                               HAMILTON_NODE(total, spend), HAMILTON_NODE(short_column, spend));



}  // namespace

TEST_CASE("to_csv writes outputs as columns, with a header and quoting where needed", "[io][csv]") {
    test::temp_dir dir;
    auto dr = hamilton::builder().with_modules(table).build();
    const auto path = dir.path / "features.csv";
    const auto done = dr.materialize({hamilton::to_csv(path, {"weeks", "spend_zero_mean", "labels"})},
                                     {}, {{"spend", series{10, 20, 60}}});
    CHECK(test::read_text(path) ==
          "weeks,spend_zero_mean,labels\n"
          "1,-20,plain\n"
          "2,-10,\"a, \"\"quoted\"\"\nline\"\n"
          "3,30,\" padded \"\n");
    const auto& m = done.metadata.at(path.string());  // the id is the path unless given
    CHECK(m.path == path);
    CHECK(m.rows == 3);
    CHECK(m.bytes == std::filesystem::file_size(path));
    CHECK(m.format == "csv");
    CHECK(m.extra.at("columns") == "weeks,spend_zero_mean,labels");
    CHECK(dir.files() == std::vector<std::string>{"features.csv"});

    // Read back, column by column, through libcsv: the quoting round-trips.
    auto back = dr.materialize({hamilton::from_csv<std::vector<std::string>>("labels", path),
                                hamilton::from_csv<std::vector<int>>("weeks", path)},
                               {}, {}, {"labels", "weeks"});
    CHECK(back.outputs.get<std::vector<std::string>>("labels") ==
          std::vector<std::string>{"plain", "a, \"quoted\"\nline", " padded "});
    CHECK(back.outputs.get<std::vector<int>>("weeks") == std::vector<int>{1, 2, 3});
    CHECK(back.loader_metadata.at("labels").rows == 3);
    CHECK(back.loader_metadata.at("labels").extra.at("column") == "labels");
    CHECK(back.loader_metadata.at("weeks").bytes == m.bytes);

    // An id of one's own.
    const auto named = dr.materialize({hamilton::to_csv(dir.path / "b.csv", {"spend"}, "raw")}, {}, {{"spend", series{0.1}}});
    CHECK(named.metadata.at("raw").rows == 1);
    CHECK(test::read_text(dir.path / "b.csv") == "spend\n0.1\n");  // the shortest text that reads back the same
}

TEST_CASE("from_csv loads a node from a column, so its upstream does not run", "[io][csv]") {
    test::temp_dir dir;
    dir.write("raw.csv", "week,amount\n1,10.5\n2,  20\n\n3,\"30\"\n");
    auto dr = hamilton::builder().with_modules(table).build();
    raw_calls = 0;
    const auto done = dr.materialize({hamilton::from_csv<series>("spend", dir.path / "raw.csv", "amount"),
                                      hamilton::to_csv(dir.path / "out.csv", {"spend_zero_mean"})});
    CHECK(raw_calls == 0);  // no file_path needed: spend is loaded
    CHECK(test::read_text(dir.path / "out.csv") == "spend_zero_mean\n-9.666666666666668\n-0.16666666666666785\n9.833333333333332\n");
    CHECK(done.loader_metadata.at("spend").rows == 3);
}

TEST_CASE("to_csv reports columns of different lengths, and types it cannot write", "[io][csv]") {
    test::temp_dir dir;
    auto dr = hamilton::builder().with_modules(table).build();
    const auto path = dir.path / "t.csv";
    dir.write("t.csv", "old\n");
    try {
        dr.materialize({hamilton::to_csv(path, {"spend", "short_column"})}, {}, {{"spend", series{1, 2, 3}}});
        FAIL("expected an error");
    } catch (const hamilton::error& e) {
        CHECK(std::string(e.what()) ==
              fmt::format("hamilton: materialize: saver '{}' of ['spend', 'short_column'] failed: columns of different lengths "
                          "cannot be written to "
                          "'{}': 'spend' has 3 rows, 'short_column' has 2; give to_csv columns of one length",
                          path.string(), path.string()));
    }
    CHECK(test::read_text(path) == "old\n");

    raw_calls = 0;
    CHECK(error_of([&] { dr.materialize({hamilton::to_csv(path, {"total", "spend"}, "t")}, {{"file_path", "x"}}); }) ==
          "hamilton: materialize: saver 't': column 'total' is a double; to_csv writes a std::vector of numbers or of "
          "std::string");
    CHECK(raw_calls == 0);  // found before anything ran
}

TEST_CASE("to_csv into a folder that does not exist or cannot be written leaves no file", "[io][csv]") {
    test::temp_dir dir;
    auto dr = hamilton::builder().with_modules(table).build();
    const auto missing = dir.path / "nope" / "t.csv";
    CHECK(error_of([&] { dr.materialize({hamilton::to_csv(missing, {"spend"}, "t")}, {}, {{"spend", series{1}}}); }) ==
          fmt::format("hamilton: materialize: saver 't' of ['spend'] failed: cannot write '{}': its folder '{}' does not exist; "
                      "create it first",
                      missing.string(), missing.parent_path().string()));

    std::filesystem::path read_only = dir.path / "read_only";
    std::filesystem::create_directory(read_only);
    std::filesystem::permissions(read_only, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
    if (::geteuid() == 0) read_only = "/sys";  // root may write anywhere a mode allows, but not to sysfs
    const auto denied = read_only / "t.csv";
    CHECK(error_of([&] { dr.materialize({hamilton::to_csv(denied, {"spend"}, "t")}, {}, {{"spend", series{1}}}); }) ==
          fmt::format("hamilton: materialize: saver 't' of ['spend'] failed: cannot write '{}': Permission denied; check that its "
                      "folder '{}' is writable",
                      denied.string(), read_only.string()));
    CHECK_FALSE(std::filesystem::exists(denied));
    CHECK(dir.files() == std::vector<std::string>{"read_only"});
}

TEST_CASE("from_csv reports a missing file, a missing column, and a cell that does not read", "[io][csv]") {
    test::temp_dir dir;
    auto dr = hamilton::builder().with_modules(table).build();
    auto load = [&](auto loader) { dr.materialize({loader}, {}, {}, {"spend"}); };
    const auto p = [&](const char* name) { return (dir.path / name).string(); };

    CHECK(error_of([&] { load(hamilton::from_csv<series>("spend", dir.path / "none.csv")); }) ==
          fmt::format("hamilton: materialize: loader of 'spend' failed: cannot read '{}': No such file or directory",
                      p("none.csv")));

    dir.write("a.csv", "week,amount\n1,10\n2,x1\n");
    CHECK(error_of([&] { load(hamilton::from_csv<series>("spend", dir.path / "a.csv", "amont")); }) ==
          fmt::format("hamilton: materialize: loader of 'spend' failed: cannot read '{}': it has no column 'amont'; "
                      "did you mean 'amount'?; its columns are ['week', 'amount']",
                      p("a.csv")));
    CHECK(error_of([&] { load(hamilton::from_csv<series>("spend", dir.path / "a.csv", "amount")); }) ==
          fmt::format("hamilton: materialize: loader of 'spend' failed: cannot read '{}': row 3, column 'amount': 'x1' "
                      "is not a number (double)",
                      p("a.csv")));

    // Integers: not a number, out of range.
    auto di = hamilton::builder()
                  .with_modules(hamilton::module(hamilton::node<"small_total", "small">(
                      [](const std::vector<short>& small) { return static_cast<int>(small.size()); })))
                  .build();
    dir.write("i.csv", "small\n1\n70000\n");
    CHECK(error_of([&] {
              di.materialize({hamilton::from_csv<std::vector<short>>("small", dir.path / "i.csv")}, {}, {},
                             {"small_total"});
          }) == fmt::format("hamilton: materialize: loader of 'small' failed: cannot read '{}': row 3, column 'small': "
                            "'70000' does not fit in short",
                            p("i.csv")));

    dir.write("short.csv", "week,amount\n1,10\n2\n");
    CHECK(error_of([&] { load(hamilton::from_csv<series>("spend", dir.path / "short.csv", "amount")); }) ==
          fmt::format("hamilton: materialize: loader of 'spend' failed: cannot read '{}': row 3 has 1 fields, too few "
                      "for column 'amount' (field 2 of the header)",
                      p("short.csv")));

    dir.write("empty.csv", "");
    CHECK(error_of([&] { load(hamilton::from_csv<series>("spend", dir.path / "empty.csv")); }) ==
          fmt::format("hamilton: materialize: loader of 'spend' failed: cannot read '{}': the file is empty; it needs "
                      "a header row naming the columns",
                      p("empty.csv")));

    dir.write("bad.csv", "spend\n\"1\"x\n");
    CHECK(error_of([&] { load(hamilton::from_csv<series>("spend", dir.path / "bad.csv")); }) ==
          fmt::format("hamilton: materialize: loader of 'spend' failed: cannot read '{}': not valid CSV in row 2: error "
                      "parsing data while strict checking enabled",
                      p("bad.csv")));

    // The loader's type must be the node's, checked before the file is read.
    CHECK(error_of([&] { load(hamilton::from_csv<std::vector<int>>("spend", dir.path / "none.csv")); }) ==
          fmt::format("hamilton: materialize: loader of 'spend' ('{}') loads a std::vector<int>, but 'spend' is a "
                      "std::vector<double>; load it as a std::vector<double>",
                      p("none.csv")));
}

TEST_CASE("visualize_materialization names CSV savers and loaders with their paths", "[io][csv]") {
    auto dr = hamilton::builder().with_modules(table).build();
    const auto dot = dr.visualize_materialization(
        {hamilton::from_csv<series>("spend", "in.csv"), hamilton::to_csv("out.csv", {"weeks"}, "features")});
    CHECK_THAT(dot, Catch::Contains(R"("saver: features" [label=<<b>features</b><br/><i>saver (csv)</i><br/>out.csv>)"));
    CHECK_THAT(dot, Catch::Contains(R"("loader: spend" [label=<<b>spend</b><br/><i>loader (csv)</i><br/>in.csv>)"));
    CHECK_THAT(dot, !Catch::Contains(R"("file_path" [)"));
}
