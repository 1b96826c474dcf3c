// Tests of hamilton/io/csv.hpp: to_csv and from_csv through materialize, and their errors.
#include <hamilton/hamilton.hpp>
#include <hamilton/io/csv.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>
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
          "hamilton: materialize: saver 't': column 'total' has type double; to_csv writes a std::vector of numbers or of "
          "std::string, or of std::optional of them");
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

    // A file where its folder should be: no user, root included, can write there.
    const auto under_a_file = dir.under_a_file("t.csv");
    CHECK(error_of([&] { dr.materialize({hamilton::to_csv(under_a_file, {"spend"}, "t")}, {}, {{"spend", series{1}}}); }) ==
          fmt::format("hamilton: materialize: saver 't' of ['spend'] failed: cannot write '{}': '{}' is a file, not a "
                      "folder; choose a path under a folder, or move that file away",
                      under_a_file.string(), under_a_file.parent_path().string()));
    CHECK(dir.files() == std::vector<std::string>{"not_a_folder"});
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
          fmt::format("hamilton: materialize: loader of 'spend' failed: cannot read '{}': line 3, column 'amount': 'x1' "
                      "is not a number (double); fix the cell, or, if it marks a missing value, list it in "
                      "csv_options::missing_values",
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
          }) == fmt::format("hamilton: materialize: loader of 'small' failed: cannot read '{}': line 3, column 'small': "
                            "'70000' does not fit in short; read the column as a wider type",
                            p("i.csv")));

    dir.write("empty.csv", "");
    CHECK(error_of([&] { load(hamilton::from_csv<series>("spend", dir.path / "empty.csv")); }) ==
          fmt::format("hamilton: materialize: loader of 'spend' failed: cannot read '{}': the file is empty; it needs "
                      "a header row naming the columns",
                      p("empty.csv")));

    dir.write("bad.csv", "spend\n\"1\"x\n");
    CHECK(error_of([&] { load(hamilton::from_csv<series>("spend", dir.path / "bad.csv")); }) ==
          fmt::format("hamilton: materialize: loader of 'spend' failed: cannot read '{}': line 2 is not valid CSV (error "
                      "parsing data while strict checking enabled); quote a value that holds a comma, a quote or a "
                      "line break, and double each quote inside it",
                      p("bad.csv")));

    // The loader's type must be the node's, checked before the file is read.
    CHECK(error_of([&] { load(hamilton::from_csv<std::vector<int>>("spend", dir.path / "none.csv")); }) ==
          fmt::format("hamilton: materialize: loader of 'spend' ('{}') loads type std::vector<int>, but 'spend' has type "
                      "std::vector<double>; load it as std::vector<double>",
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

TEST_CASE("from_csv refuses a row with more or fewer fields than the header, naming its line", "[io][csv]") {
    test::temp_dir dir;
    auto dr = hamilton::builder().with_modules(table).build();
    auto load = [&](const char* file, const char* column) {
        dr.materialize({hamilton::from_csv<series>("spend", dir.path / file, column)}, {}, {}, {"spend"});
    };
    // The whole message for a row of `fields` on `line`, against the two-field header.
    const auto ragged = [&](const char* name, int line, const char* fields) {
        return fmt::format("hamilton: materialize: loader of 'spend' failed: cannot read '{}': line {} has {}, but the "
                           "header (line 1) has 2; give every row one field per column (quote a value that holds a "
                           "comma)",
                           (dir.path / name).string(), line, fields);
    };

    // A long row is an error even though the wanted column is there.
    dir.write("long.csv", "week,amount\n1,10\n2,20,5\n");
    CHECK(error_of([&] { load("long.csv", "amount"); }) == ragged("long.csv", 3, "3 fields"));
    // So is a short one, whichever column is wanted.
    dir.write("short.csv", "week,amount\n1,10\n2\n");
    CHECK(error_of([&] { load("short.csv", "week"); }) == ragged("short.csv", 3, "1 field"));
    // Lines as an editor counts them: empty lines and a value spanning two lines count.
    dir.write("lines.csv", "amount,note\n\n1,\"two\nlines\"\n2,x,y\n");
    CHECK(error_of([&] { load("lines.csv", "amount"); }) == ragged("lines.csv", 5, "3 fields"));
    // CRLF line ends count once.
    dir.write("crlf.csv", "amount,note\r\n1,a\r\n2\r\n");
    CHECK(error_of([&] { load("crlf.csv", "amount"); }) == ragged("crlf.csv", 3, "1 field"));
}

TEST_CASE("from_csv skips a UTF-8 byte order mark and reads CRLF line ends", "[io][csv]") {
    test::temp_dir dir;
    auto dr = hamilton::builder().with_modules(table).build();
    dir.write("bom.csv", "\xEF\xBB\xBFweek,amount\r\n1,10.5\r\n2,\"2\r\n0\"\r\n3,30\r\n");
    const auto done = dr.materialize({hamilton::from_csv<series>("spend", dir.path / "bom.csv", "week")}, {}, {},
                                     {"spend"});
    CHECK(done.outputs.get<series>("spend") == series{1, 2, 3});  // the first column keeps its name
    CHECK(done.loader_metadata.at("spend").bytes == std::filesystem::file_size(dir.path / "bom.csv"));
    const auto amount = dr.materialize({hamilton::from_csv<std::vector<std::string>>("labels", dir.path / "bom.csv",
                                                                                     "amount")},
                                       {}, {}, {"labels"});
    CHECK(amount.outputs.get<std::vector<std::string>>("labels") ==
          std::vector<std::string>{"10.5", "2\r\n0", "30"});  // no '\r' left at a line's end; a quoted one is kept

    // Lines ending in a lone \r (old Mac files) count as lines too.
    dir.write("cr.csv", "week,amount\r1,10\r2,20,x\r");
    CHECK_THAT(error_of([&] { dr.materialize({hamilton::from_csv<series>("spend", dir.path / "cr.csv", "week")}, {}, {},
                                             {"spend"}); }),
               Catch::Contains("line 3 has 3 fields, but the header (line 1) has 2"));
}

TEST_CASE("from_csv with csv_options skips comment lines and reads missing cells", "[io][csv]") {
    test::temp_dir dir;
    const auto path = dir.path / "messy.csv";
    const auto file = path.string();
    // A byte order mark, CRLF line ends, comment lines before the header and between rows, an
    // empty cell, NA, a quoted empty string, and a quoted value whose second line starts with '#'.
    dir.write("messy.csv",
              "\xEF\xBB\xBF# exported by a tool\r\n"
              "week,amount,label\r\n"
              "1,10,a\r\n"
              "# a note\r\n"
              "2,,\"\"\r\n"
              "3,NA,\r\n"
              "4,-inf,\"two\r\n# not a comment\"\r\n");
    const hamilton::csv_options comments{.comment = '#'};
    // Loads `name` as a T into a node that passes it on.
    auto column = [&]<class T>(std::type_identity<T>, const char* name, hamilton::csv_options options) {
        auto d = hamilton::builder()
                     .with_modules(hamilton::module(hamilton::node<"copy", "x">([](const T& x) { return x; })))
                     .build();
        return d.materialize({hamilton::from_csv<T>("x", path, name, options)}, {}, {}, {"copy"}).outputs.template get<T>(
            "copy");
    };
    auto error_in = [&]<class T>(std::type_identity<T>, const char* name, hamilton::csv_options options) {
        auto d = hamilton::builder()
                     .with_modules(hamilton::module(hamilton::node<"copy", "x">([](const T& x) { return x; })))
                     .build();
        return error_of([&] { d.materialize({hamilton::from_csv<T>("x", path, name, options)}, {}, {}, {"copy"}); });
    };
    using std::type_identity;
    using opt_d = std::optional<double>;
    using opt_s = std::optional<std::string>;

    CHECK(column(type_identity<std::vector<int>>{}, "week", comments) == std::vector<int>{1, 2, 3, 4});
    const auto amount = column(type_identity<series>{}, "amount", comments);  // missing: NaN
    REQUIRE(amount.size() == 4);
    CHECK(amount[0] == 10);
    CHECK(std::isnan(amount[1]));
    CHECK(std::isnan(amount[2]));
    CHECK(amount[3] == -std::numeric_limits<double>::infinity());
    CHECK(column(type_identity<std::vector<opt_d>>{}, "amount", comments) ==
          std::vector<opt_d>{10, std::nullopt, std::nullopt, -std::numeric_limits<double>::infinity()});
    CHECK(column(type_identity<std::vector<opt_s>>{}, "label", comments) ==
          std::vector<opt_s>{"a", "", std::nullopt, "two\r\n# not a comment"});  // "" is an empty string

    // A column that cannot hold a missing value names the line, the column and the fixes.
    CHECK(error_in(type_identity<std::vector<int>>{}, "amount", comments) ==
          fmt::format("hamilton: materialize: loader of 'x' failed: cannot read '{}': line 5, column 'amount': the "
                      "empty cell is a missing value, which int cannot hold; read the column as "
                      "std::vector<std::optional<int>>, or as std::vector<double>, where it is NaN",
                      file));
    CHECK(error_in(type_identity<std::vector<std::string>>{}, "label", comments) ==
          fmt::format("hamilton: materialize: loader of 'x' failed: cannot read '{}': line 6, column 'label': the "
                      "empty cell is a missing value, which std::string cannot hold; read the column as "
                      "std::vector<std::optional<std::string>>, or take '' out of csv_options::missing_values to "
                      "read it as text",
                      file));
    // Missing values of one's own; without "" an empty cell is text, or not a number.
    const hamilton::csv_options only_na{.comment = '#', .missing_values = {"NA"}};
    CHECK(column(type_identity<std::vector<std::string>>{}, "label", {.comment = '#', .missing_values = {}}) ==
          std::vector<std::string>{"a", "", "", "two\r\n# not a comment"});
    CHECK(error_in(type_identity<std::vector<opt_d>>{}, "amount", only_na) ==
          fmt::format("hamilton: materialize: loader of 'x' failed: cannot read '{}': line 5, column 'amount': '' is "
                      "not a number (double); fix the cell, or, if it marks a missing value, list it in "
                      "csv_options::missing_values",
                      file));

    // Without comments skipped, the comment line is taken for the header, and the message says so.
    CHECK(error_in(type_identity<series>{}, "amount", {}) ==
          fmt::format("hamilton: materialize: loader of 'x' failed: cannot read '{}': it has no column 'amount'; its "
                      "columns are ['# exported by a tool']; line 1 starts with '#': to skip comment lines, give "
                      "from_csv csv_options{{.comment = '#'}}",
                      file));

    // A ragged row in the same file: its line counts the comment lines, the BOM does not shift it.
    dir.write("messy.csv",
              "\xEF\xBB\xBF# exported by a tool\r\n"
              "week,amount,label\r\n"
              "# a note\r\n"
              "2,,\r\n"
              "3,NA\r\n");
    CHECK(error_in(type_identity<series>{}, "week", comments) ==
          fmt::format("hamilton: materialize: loader of 'x' failed: cannot read '{}': line 5 has 2 fields, but the "
                      "header (line 2) has 3; give every row one field per column (quote a value that holds a comma)",
                      file));

    // A quoted value left open is reported on the line its row starts on.
    dir.write("messy.csv", "week,label\n1,a\n2,\"open\n3,b\n");
    CHECK(error_in(type_identity<series>{}, "week", {}) ==
          fmt::format("hamilton: materialize: loader of 'x' failed: cannot read '{}': line 3 is not valid CSV (error "
                      "parsing data while strict checking enabled); quote a value that holds a comma, a quote or a "
                      "line break, and double each quote inside it",
                      file));
}

TEST_CASE("to_csv writes NaN, infinities and empty optionals so that from_csv reads them back", "[io][csv]") {
    test::temp_dir dir;
    // A NaN with its sign set, as 0.0 / 0.0 makes on x86: fmt would write it -nan.
    const double nan = -std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    using opt_d = std::optional<double>;
    using opt_s = std::optional<std::string>;
    auto dr = hamilton::builder()
                  .with_modules(hamilton::module(
                      hamilton::node<"values", "x">([](const series& x) { return x; }),
                      hamilton::node<"floats", "x">([](const series& x) { return std::vector<float>(x.begin(), x.end()); }),
                      hamilton::node<"maybe", "x">([](const series& x) {
                          std::vector<opt_d> out;
                          for (double v : x) out.push_back(v == 0 ? opt_d{} : opt_d{v});
                          return out;
                      }),
                      hamilton::node<"names", "x">([](const series& x) {
                          std::vector<opt_s> out{std::nullopt, "", "b", std::nullopt, "e"};
                          out.resize(x.size());
                          return out;
                      })))
                  .build();
    const auto path = dir.path / "out.csv";
    const series x{nan, inf, -inf, 0, 1.5};
    dr.materialize({hamilton::to_csv(path, {"values", "floats", "maybe", "names"})}, {{"x", x}});
    CHECK(test::read_text(path) ==
          "values,floats,maybe,names\n"
          "nan,nan,nan,NA\n"
          "inf,inf,inf,\"\"\n"
          "-inf,-inf,-inf,b\n"
          "0,0,NA,NA\n"
          "1.5,1.5,1.5,e\n");

    auto back = [&]<class T>(std::type_identity<T>, const char* column) {
        auto d = hamilton::builder()
                     .with_modules(hamilton::module(hamilton::node<"copy", "v">([](const T& v) { return v; })))
                     .build();
        return d.materialize({hamilton::from_csv<T>("v", path, column)}, {}, {}, {"copy"}).outputs.template get<T>("copy");
    };
    const auto values = back(std::type_identity<series>{}, "values");
    REQUIRE(values.size() == 5);
    CHECK(std::isnan(values[0]));
    CHECK(series(values.begin() + 1, values.end()) == series{inf, -inf, 0, 1.5});
    const auto floats = back(std::type_identity<std::vector<float>>{}, "floats");
    CHECK(std::isnan(floats[0]));
    const float float_inf = std::numeric_limits<float>::infinity();
    CHECK(std::vector<float>(floats.begin() + 1, floats.end()) == std::vector<float>{float_inf, -float_inf, 0, 1.5});
    const auto maybe = back(std::type_identity<std::vector<opt_d>>{}, "maybe");  // NaN stays a value, NA is empty
    REQUIRE(maybe.size() == 5);
    CHECK(std::isnan(maybe[0].value()));
    CHECK(std::vector<opt_d>(maybe.begin() + 1, maybe.end()) == std::vector<opt_d>{inf, -inf, std::nullopt, 1.5});
    CHECK(back(std::type_identity<std::vector<opt_s>>{}, "names") ==
          std::vector<opt_s>{std::nullopt, "", "b", std::nullopt, "e"});

    // One column: a missing value is a word, not an empty line that CSV readers skip.
    dr.materialize({hamilton::to_csv(path, {"maybe"})}, {{"x", series{0, 2}}});
    CHECK(test::read_text(path) == "maybe\nNA\n2\n");
    CHECK(back(std::type_identity<std::vector<opt_d>>{}, "maybe") == std::vector<opt_d>{std::nullopt, 2});
}

// matplotlib's sample stock prices, a CSV file nobody here wrote: a comment line, then 524 rows
// with many empty cells. Debian's python-matplotlib-data installs it (.ci/setup installs that);
// HAMILTON_STOCKS_CSV names another copy (pip's matplotlib has one). Nothing of it is copied here.
TEST_CASE("from_csv reads matplotlib's Stocks.csv with csv_options{.comment = '#'}", "[io][csv][real]") {
    const char* elsewhere = std::getenv("HAMILTON_STOCKS_CSV");
    const std::filesystem::path stocks =
        elsewhere != nullptr ? elsewhere : "/usr/share/matplotlib/mpl-data/sample_data/Stocks.csv";
    if (!std::filesystem::exists(stocks)) {  // ctest reports the test as skipped (tests/CMakeLists.txt)
        WARN("hamilton test skipped: " << stocks.string()
                                       << " is not there; install python-matplotlib-data to run this test");
        return;
    }
    const hamilton::csv_options options{.comment = '#'};
    using opt_d = std::optional<double>;
    auto d = hamilton::builder()
                 .with_modules(hamilton::module(
                     hamilton::node<"days", "date">([](const std::vector<std::string>& date) { return date; }),
                     hamilton::node<"ibm_prices", "ibm">([](const series& ibm) { return ibm; }),
                     hamilton::node<"amazon_prices", "amzn">([](const std::vector<opt_d>& amzn) { return amzn; })))
                 .build();
    const auto done = d.materialize({hamilton::from_csv<std::vector<std::string>>("date", stocks, "Date", options),
                                     hamilton::from_csv<series>("ibm", stocks, "IBM", options),
                                     hamilton::from_csv<std::vector<opt_d>>("amzn", stocks, "AMZN", options)},
                                    {}, {}, {"days", "ibm_prices", "amazon_prices"});
    const auto& days = done.outputs.get<std::vector<std::string>>("days");
    const auto& ibm = done.outputs.get<series>("ibm_prices");
    const auto& amazon = done.outputs.get<std::vector<opt_d>>("amazon_prices");
    REQUIRE(days.size() == 524);
    REQUIRE(ibm.size() == 524);
    REQUIRE(amazon.size() == 524);
    // Checked by hand against the file: its lines 3, 100 and 300, and its last line.
    CHECK(days[0] == "1990-01-01");
    CHECK(ibm[0] == 10.970438003540039);
    CHECK(amazon[0] == std::nullopt);
    CHECK(days[97] == "1996-02-01");
    CHECK(ibm[97] == 16.80373764038086);
    CHECK(days[297] == "2008-06-01");
    CHECK(amazon[297] == 3.6665000915527344);
    CHECK(days[523] == "2022-06-28");
    CHECK(amazon[523] == 107.4000015258789);
    // The empty cells, counted with awk: 133 in IBM, 222 in AMZN.
    CHECK(std::count_if(ibm.begin(), ibm.end(), [](double v) { return std::isnan(v); }) == 133);
    CHECK(std::count(amazon.begin(), amazon.end(), std::nullopt) == 222);
    CHECK(done.loader_metadata.at("ibm").rows == 524);

    // Without the option, the message says what to do.
    CHECK_THAT(error_of([&] {
                   d.materialize({hamilton::from_csv<series>("ibm", stocks, "IBM")}, {}, {}, {"ibm_prices"});
               }),
               Catch::EndsWith("line 1 starts with '#': to skip comment lines, give from_csv csv_options{.comment = "
                               "'#'}"));
}
