// hamilton/io/csv.hpp: a CSV saver and loader for materialize, columns as std::vectors.
//
//   dr.materialize({hamilton::to_csv("features.csv", {"spend", "signups"}),               // one column each
//                   hamilton::from_csv<std::vector<double>>("spend", "raw.csv", "spend")}); // a column by header name
//
// An optional header: it needs libcsv (Debian: apt-get install libcsv-dev), which quotes, escapes
// and parses; link with -lcsv. A column is a std::vector of a number type or of std::string, or of
// std::optional of one (an empty optional is a missing cell). csv_options says which lines are
// comments and which cells are missing.
#pragma once

#include <algorithm>
#include <any>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

#include <csv.h>
#include <fmt/format.h>

#include "../detail/names.hpp"
#include "../error.hpp"
#include "../materialize.hpp"
#include "../results.hpp"
#include "../variable.hpp"

namespace hamilton {

// How from_csv reads a file. The defaults read what pandas and R write.
struct csv_options {
    // Lines that start with this character are skipped, before the header too; '\0' skips none.
    // Off by default: a first column may hold values such as "#ff0000".
    char comment = '\0';
    // Cells that hold no value: NaN in a floating-point column, an empty std::optional in a
    // std::vector<std::optional<E>> column, and an error in any other column. A quoted empty
    // cell ("") in a std::string column is the empty string, not a missing value.
    std::vector<std::string> missing_values{"", "NA"};
};

namespace io_detail::csv {

// What a cell may hold: a number type (not bool or a character) or std::string.
template <class E>
inline constexpr bool value_type = (std::is_arithmetic_v<E> && !std::is_same_v<E, bool> && !std::is_same_v<E, char> &&
                                    !std::is_same_v<E, signed char> && !std::is_same_v<E, unsigned char> &&
                                    !std::is_same_v<E, wchar_t> && !std::is_same_v<E, char8_t> &&
                                    !std::is_same_v<E, char16_t> && !std::is_same_v<E, char32_t>) ||
                                   std::is_same_v<E, std::string>;

template <class E>
struct optional_of {
    static constexpr bool value = false;
};
template <class E>
struct optional_of<std::optional<E>> {
    static constexpr bool value = true;
    using type = E;
};

// The element types a column may have: a value_type, or a std::optional of one.
template <class E>
inline constexpr bool cell_type = [] {
    if constexpr (optional_of<E>::value)
        return value_type<typename optional_of<E>::type>;
    else
        return value_type<E>;
}();

template <class... E>
struct cell_types {};
using all_cell_types = cell_types<double, float, long double, int, long, long long, short, unsigned, unsigned long,
                                  unsigned long long, unsigned short, std::string>;

// How to_csv writes a missing value (an empty std::optional): a word, not an empty cell, which a
// file of one column would turn into an empty line that CSV readers skip. It reads back as
// missing with the default csv_options, and in pandas and R.
inline constexpr std::string_view missing_cell = "NA";

// One column being written: its length and how to spell its i-th cell.
struct column {
    std::size_t size = 0;
    std::function<void(std::size_t, std::string&)> cell;
};

template <class E>
void spell(std::string& out, const E& value) {
    if constexpr (std::is_same_v<E, std::string>) {
        out = value;
    } else {
        if constexpr (std::is_floating_point_v<E>)
            if (std::isnan(value)) {
                out = "nan";  // not fmt's "-nan" for 0.0 / 0.0 on x86: a NaN's sign means nothing to readers
                return;
            }
        fmt::format_to(std::back_inserter(out), "{}", value);  // shortest text that reads back the same; inf, -inf
    }
}
template <class E>
void spell(std::string& out, const std::optional<E>& value) {
    if (value)
        spell(out, *value);
    else
        out = missing_cell;
}

template <class E>
bool try_column(const std::any& value, column& out) {
    const auto* vector = std::any_cast<std::vector<E>>(&value);
    if (vector == nullptr) return false;
    out.size = vector->size();
    out.cell = [vector](std::size_t i, std::string& text) { spell(text, (*vector)[i]); };
    return true;
}

template <class... E>
bool column_of(const std::any& value, column& out, cell_types<E...>) {
    return ((try_column<E>(value, out) || try_column<std::optional<E>>(value, out)) || ...);
}

template <class... E>
bool supported(const std::string& type, cell_types<E...>) {
    using hamilton::detail::type_name;
    return ((type == type_name<std::vector<E>>() || type == type_name<std::vector<std::optional<E>>>()) || ...);
}

// libcsv trims unquoted spaces and skips empty lines, so such text is quoted too.
inline bool needs_quotes(std::string_view text) {
    if (text.empty()) return true;
    if (text.front() == ' ' || text.front() == '\t' || text.back() == ' ' || text.back() == '\t') return true;
    return text.find_first_of(",\"\r\n") != std::string_view::npos;
}

inline void write_field(std::FILE* file, std::string_view text) {
    if (needs_quotes(text))
        csv_fwrite(file, text.data(), text.size());
    else
        std::fwrite(text.data(), 1, text.size(), file);
}

inline constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

// The length of the first line of `text` with its end: "\n", "\r\n" or a lone "\r".
inline std::size_t line_length(std::string_view text) {
    const auto end = text.find_first_of("\r\n");
    if (end == std::string_view::npos) return text.size();
    return end + (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n' ? 2 : 1);
}

// One cell of the wanted column. libcsv gives an unquoted empty cell as a null pointer
// (CSV_EMPTY_IS_NULL), which tells it from a quoted empty string.
struct cell {
    std::string text;
    bool unquoted_empty = false;
    std::size_t line = 0;
};

// What the parser callbacks collect: the header, then the wanted column's cells, and the first
// row whose length is not the header's. libcsv calls them from C, so they record problems
// instead of throwing through it. Lines are counted as an editor shows them, from 1.
struct reading {
    std::string_view wanted;
    std::vector<std::string> header;
    std::size_t header_line = 0;
    std::vector<cell> cells;
    std::size_t column = std::numeric_limits<std::size_t>::max();
    std::size_t record_line = 0;  // the line the record being read starts on
    std::size_t field = 0;        // the field being read in that record
    std::size_t ragged_line = 0, ragged_fields = 0;
    bool header_done = false;
};

inline void on_field(void* data, std::size_t size, void* state) {
    auto& r = *static_cast<reading*>(state);
    const std::string_view text(data == nullptr ? "" : static_cast<const char*>(data), data == nullptr ? 0 : size);
    if (!r.header_done)
        r.header.emplace_back(text);
    else if (r.field == r.column)
        r.cells.push_back({std::string(text), data == nullptr, r.record_line});
    ++r.field;
}

inline void on_row(int, void* state) {
    auto& r = *static_cast<reading*>(state);
    if (!r.header_done) {
        r.header_done = true;
        r.header_line = r.record_line;
        for (std::size_t i = 0; i < r.header.size(); ++i)
            if (r.header[i] == r.wanted && r.column == std::numeric_limits<std::size_t>::max()) r.column = i;
    } else if (r.field != r.header.size() && r.ragged_line == 0) {
        r.ragged_line = r.record_line;
        r.ragged_fields = r.field;
    }
    r.field = 0;
}

// Where a cell is, for messages.
struct place {
    const std::filesystem::path& path;
    std::string_view column;
    const csv_options& options;
};

inline bool is_missing(const cell& c, bool text_column, const csv_options& options) {
    if (text_column && c.text.empty() && !c.unquoted_empty) return false;  // "" is an empty string
    return std::find(options.missing_values.begin(), options.missing_values.end(), c.text) !=
           options.missing_values.end();
}

template <class E>
E parse_value(const cell& c, const place& at) {
    if constexpr (std::is_same_v<E, std::string>) {
        return c.text;
    } else {
        E value{};
        const auto [end, ec] = std::from_chars(c.text.data(), c.text.data() + c.text.size(), value);
        if (ec == std::errc::result_out_of_range)
            throw error(fmt::format("cannot read '{}': line {}, column '{}': '{}' does not fit in {}; read the "
                                    "column as a wider type",
                                    at.path.string(), c.line, at.column, c.text, hamilton::detail::type_name<E>()));
        if (ec != std::errc() || end != c.text.data() + c.text.size())
            throw error(fmt::format("cannot read '{}': line {}, column '{}': '{}' is not {} ({}); fix the cell, or, if "
                                    "it marks a missing value, list it in csv_options::missing_values",
                                    at.path.string(), c.line, at.column, c.text,
                                    std::is_integral_v<E> ? "an integer" : "a number", hamilton::detail::type_name<E>()));
        return value;
    }
}

// A missing cell in a column whose type has no way to say so.
template <class E>
error cannot_hold_missing(const cell& c, const place& at) {
    using hamilton::detail::type_name;
    const std::string what = c.text.empty() ? std::string("the empty cell") : fmt::format("'{}'", c.text);
    const std::string optional_column = fmt::format("std::vector<std::optional<{}>>", type_name<E>());
    const std::string fix =
        std::is_same_v<E, std::string>
            ? fmt::format("read the column as {}, or take '{}' out of csv_options::missing_values to read it as text",
                          optional_column, c.text)
            : fmt::format("read the column as {}, or as std::vector<double>, where it is NaN", optional_column);
    return error(fmt::format("cannot read '{}': line {}, column '{}': {} is a missing value, which {} cannot hold; {}",
                             at.path.string(), c.line, at.column, what, type_name<E>(), fix));
}

template <class E>
E parse_cell(const cell& c, const place& at) {
    if constexpr (optional_of<E>::value) {
        using V = typename optional_of<E>::type;
        if (is_missing(c, std::is_same_v<V, std::string>, at.options)) return std::nullopt;
        return parse_value<V>(c, at);
    } else {
        if (is_missing(c, std::is_same_v<E, std::string>, at.options)) {
            if constexpr (std::is_floating_point_v<E>)
                return std::numeric_limits<E>::quiet_NaN();
            else
                throw cannot_hold_missing<E>(c, at);
        }
        return parse_value<E>(c, at);
    }
}

template <class T>
struct vector_of {
    static constexpr bool value = false;
};
template <class E>
struct vector_of<std::vector<E>> {
    static constexpr bool value = cell_type<E>;
};

}  // namespace io_detail::csv

// Writes outputs as the columns of a CSV file: a header row of their names, then one row per
// element. Every output must be a std::vector of a number type or of std::string, or of
// std::optional of one, all of one length. NaN and infinities are written nan, inf and -inf, an
// empty std::optional NA: from_csv and pandas read them back. Written atomically (see
// write_file_atomically).
class csv_saver {
public:
    csv_saver(std::filesystem::path path, std::vector<std::string> columns, std::string id = {})
        : path_(std::move(path)), columns_(std::move(columns)), id_(id.empty() ? path_.string() : std::move(id)) {}

    [[nodiscard]] std::string id() const { return id_; }
    [[nodiscard]] std::vector<std::string> dependencies() const { return columns_; }
    [[nodiscard]] std::filesystem::path path() const { return path_; }
    [[nodiscard]] std::string name() const { return "csv"; }

    [[nodiscard]] std::vector<std::string> check_types(const std::vector<variable>& columns) const {
        std::vector<std::string> problems;
        for (const auto& c : columns)
            if (!io_detail::csv::supported(c.type, io_detail::csv::all_cell_types{}))
                problems.push_back(fmt::format("column '{}' has type {}; to_csv writes a std::vector of numbers or of "
                                               "std::string, or of std::optional of them",
                                               c.name, c.type));
        return problems;
    }

    [[nodiscard]] save_metadata save(const results& computed) const {
        std::vector<io_detail::csv::column> columns(columns_.size());
        for (std::size_t i = 0; i < columns_.size(); ++i) {
            const std::any& value = computed.get_any(columns_[i]);
            if (!io_detail::csv::column_of(value, columns[i], io_detail::csv::all_cell_types{}))
                throw error(fmt::format("column '{}' has type {}; to_csv writes a std::vector of numbers or of std::string, "
                                        "or of std::optional of them",
                                        columns_[i], hamilton::detail::type_name(value.type())));
        }
        for (std::size_t i = 1; i < columns.size(); ++i)
            if (columns[i].size != columns[0].size)
                throw error(fmt::format("columns of different lengths cannot be written to '{}': '{}' has {} rows, "
                                        "'{}' has {}; give to_csv columns of one length",
                                        path_.string(), columns_[0], columns[0].size, columns_[i], columns[i].size));
        const std::size_t rows = columns.empty() ? 0 : columns[0].size;
        save_metadata out;
        out.bytes = write_file_atomically(path_, [&](std::FILE* file) {
            for (std::size_t c = 0; c < columns_.size(); ++c) {
                if (c > 0) std::fputc(',', file);
                io_detail::csv::write_field(file, columns_[c]);
            }
            std::fputc('\n', file);
            std::string text;
            for (std::size_t r = 0; r < rows; ++r) {
                for (std::size_t c = 0; c < columns.size(); ++c) {
                    if (c > 0) std::fputc(',', file);
                    text.clear();
                    columns[c].cell(r, text);
                    io_detail::csv::write_field(file, text);
                }
                std::fputc('\n', file);
            }
        });
        out.path = path_;
        out.rows = rows;
        out.format = "csv";
        out.extra.emplace("columns", fmt::format("{}", fmt::join(columns_, ",")));
        return out;
    }

private:
    std::filesystem::path path_;
    std::vector<std::string> columns_;
    std::string id_;
};

// Loads the column named `column` of a CSV file with a header row as a T, a std::vector of a
// number type or of std::string, or of std::optional of one. A UTF-8 byte order mark is skipped,
// line ends may be \n, \r\n or \r, and `options` say which lines are comments and which cells
// are missing. A row whose length is not the header's, a cell that does not read as the element
// type, and a missing cell the element type cannot hold are errors naming the line (as an editor
// counts them) and the column.
template <class T>
class csv_loader {
    static_assert(io_detail::csv::vector_of<T>::value,
                  "from_csv<T>: T must be a std::vector of a number type (not bool or a character) or of std::string, "
                  "or of std::optional of one");

public:
    csv_loader(std::string target, std::filesystem::path path, std::string column, csv_options options = {})
        : target_(std::move(target)),
          path_(std::move(path)),
          column_(column.empty() ? target_ : std::move(column)),
          options_(std::move(options)) {}

    [[nodiscard]] std::string target() const { return target_; }
    [[nodiscard]] std::filesystem::path path() const { return path_; }
    [[nodiscard]] std::string name() const { return "csv"; }

    [[nodiscard]] loaded<T> load() const {
        const std::string text = read_file(path_);
        io_detail::csv::reading r;
        r.wanted = column_;
        if (const auto failure = parse(text, r); failure.line != 0)
            throw error(fmt::format("cannot read '{}': line {} is not valid CSV ({}); quote a value that holds a "
                                    "comma, a quote or a line break, and double each quote inside it",
                                    path_.string(), failure.line, csv_strerror(failure.status)));
        if (!r.header_done)
            throw error(fmt::format("cannot read '{}': the file is empty; it needs a header row naming the columns",
                                    path_.string()));
        if (r.column == std::numeric_limits<std::size_t>::max()) {
            const std::vector<std::string_view> names(r.header.begin(), r.header.end());
            throw error(fmt::format("cannot read '{}': it has no column '{}'{}; its columns are {}{}", path_.string(),
                                    column_, hamilton::detail::suggest(column_, names),
                                    hamilton::detail::quoted_list(names), comment_hint(r)));
        }
        if (r.ragged_line != 0)
            throw error(fmt::format("cannot read '{}': line {} has {} field{}, but the header (line {}) has {}; give "
                                    "every row one field per column (quote a value that holds a comma){}",
                                    path_.string(), r.ragged_line, r.ragged_fields, r.ragged_fields == 1 ? "" : "s",
                                    r.header_line, r.header.size(), comment_hint(r)));
        const io_detail::csv::place at{path_, column_, options_};
        loaded<T> out;
        out.value.reserve(r.cells.size());
        for (const auto& cell : r.cells) out.value.push_back(io_detail::csv::parse_cell<typename T::value_type>(cell, at));
        out.metadata.path = path_;
        out.metadata.rows = out.value.size();
        out.metadata.bytes = text.size();
        out.metadata.format = "csv";
        out.metadata.extra.emplace("column", column_);
        return out;
    }

private:
    struct parse_failure {
        std::size_t line = 0;  // 0: none
        int status = CSV_SUCCESS;
    };

    // Feeds libcsv one line at a time, so that each record knows the line it starts on and comment
    // lines are skipped between records (never inside a quoted value).
    parse_failure parse(std::string_view text, io_detail::csv::reading& r) const {
        if (text.starts_with(io_detail::csv::utf8_bom)) text.remove_prefix(io_detail::csv::utf8_bom.size());
        csv_parser parser;
        if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL) != 0)
            throw error(fmt::format("cannot read '{}': the CSV parser could not start (out of memory)", path_.string()));
        std::size_t line = 0;
        parse_failure failure;
        // Whether a line starts inside a quoted value: CSV_STRICT refuses a quote inside an unquoted
        // value, so an odd count of quotes on a line opens or closes one.
        bool in_quotes = false;
        while (!text.empty()) {
            const std::string_view this_line = text.substr(0, io_detail::csv::line_length(text));
            text.remove_prefix(this_line.size());
            ++line;
            if (!in_quotes) {
                r.record_line = line;
                if (options_.comment != '\0' && this_line.front() == options_.comment) continue;
            }
            if (csv_parse(&parser, this_line.data(), this_line.size(), &io_detail::csv::on_field,
                          &io_detail::csv::on_row, &r) != this_line.size()) {
                failure.line = line;
                break;
            }
            if (std::count(this_line.begin(), this_line.end(), '"') % 2 == 1) in_quotes = !in_quotes;
        }
        // A quoted value left open at the end is reported on the line where its record starts.
        if (failure.line == 0 && csv_fini(&parser, &io_detail::csv::on_field, &io_detail::csv::on_row, &r) != 0)
            failure.line = r.record_line;
        if (failure.line != 0) failure.status = csv_error(&parser);
        csv_free(&parser);
        return failure;
    }

    // A header that looks like a comment line, when comments are not skipped.
    [[nodiscard]] std::string comment_hint(const io_detail::csv::reading& r) const {
        if (options_.comment != '\0' || r.header.empty() || !r.header.front().starts_with('#')) return {};
        return fmt::format("; line {} starts with '#': to skip comment lines, give from_csv csv_options{{.comment = "
                           "'#'}}",
                           r.header_line);
    }

    std::string target_;
    std::filesystem::path path_;
    std::string column_;
    csv_options options_;
};

// Saves `columns` (output names) to the CSV file `path`; the saver's id is `id`, or the path.
inline csv_saver to_csv(std::filesystem::path path, std::vector<std::string> columns, std::string id = {}) {
    return csv_saver(std::move(path), std::move(columns), std::move(id));
}

// Loads `target` from the column `column` (by default the target's name) of the CSV file `path`,
// read as `options` say: from_csv<std::vector<double>>("ibm", "Stocks.csv", "IBM", {.comment = '#'}).
template <class T>
csv_loader<T> from_csv(std::string target, std::filesystem::path path, std::string column = {},
                       csv_options options = {}) {
    return csv_loader<T>(std::move(target), std::move(path), std::move(column), std::move(options));
}

}  // namespace hamilton
