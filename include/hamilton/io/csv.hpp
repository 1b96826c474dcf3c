// hamilton/io/csv.hpp: a CSV saver and loader for materialize, columns as std::vectors.
//
//   dr.materialize({hamilton::to_csv("features.csv", {"spend", "signups"}),               // one column each
//                   hamilton::from_csv<std::vector<double>>("spend", "raw.csv", "spend")}); // a column by header name
//
// An optional header: it needs libcsv (Debian: apt-get install libcsv-dev), which quotes, escapes
// and parses; link with -lcsv. A column is a std::vector of a number type or of std::string.
#pragma once

#include <any>
#include <charconv>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iterator>
#include <limits>
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

namespace io_detail::csv {

// The element types a column may have.
template <class E>
inline constexpr bool cell_type = (std::is_arithmetic_v<E> && !std::is_same_v<E, bool> && !std::is_same_v<E, char> &&
                                   !std::is_same_v<E, signed char> && !std::is_same_v<E, unsigned char> &&
                                   !std::is_same_v<E, wchar_t> && !std::is_same_v<E, char8_t> &&
                                   !std::is_same_v<E, char16_t> && !std::is_same_v<E, char32_t>) ||
                                  std::is_same_v<E, std::string>;

template <class... E>
struct cell_types {};
using all_cell_types = cell_types<double, float, long double, int, long, long long, short, unsigned, unsigned long,
                                  unsigned long long, unsigned short, std::string>;

// One column being written: its length and how to spell its i-th cell.
struct column {
    std::size_t size = 0;
    std::function<void(std::size_t, std::string&)> cell;
};

template <class E>
void spell(std::string& out, const E& value) {
    if constexpr (std::is_same_v<E, std::string>)
        out = value;
    else
        fmt::format_to(std::back_inserter(out), "{}", value);  // shortest text that reads back the same
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
    return (try_column<E>(value, out) || ...);
}

template <class... E>
bool supported(const std::string& type, cell_types<E...>) {
    return ((type == hamilton::detail::type_name<std::vector<E>>()) || ...);
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

// What the parser callbacks collect: the header, then one column's cells. libcsv calls them from
// C, so they record problems (a short row) instead of throwing through it.
struct reading {
    std::string_view wanted;
    std::vector<std::string> header;
    std::vector<std::string> cells;
    std::size_t column = std::numeric_limits<std::size_t>::max();
    std::size_t row = 1;    // the row being read; the header is row 1
    std::size_t field = 0;  // the field being read in that row
    std::size_t short_row = 0, short_row_fields = 0;  // the first row without the wanted column
    bool header_done = false;
};

inline void on_field(void* data, std::size_t size, void* state) {
    auto& r = *static_cast<reading*>(state);
    const std::string_view text(data == nullptr ? "" : static_cast<const char*>(data), data == nullptr ? 0 : size);
    if (!r.header_done)
        r.header.emplace_back(text);
    else if (r.field == r.column)
        r.cells.emplace_back(text);
    ++r.field;
}

inline void on_row(int, void* state) {
    auto& r = *static_cast<reading*>(state);
    if (!r.header_done) {
        r.header_done = true;
        for (std::size_t i = 0; i < r.header.size(); ++i)
            if (r.header[i] == r.wanted && r.column == std::numeric_limits<std::size_t>::max()) r.column = i;
    } else if (r.field <= r.column && r.short_row == 0) {
        r.short_row = r.row;
        r.short_row_fields = r.field;
    }
    r.field = 0;
    ++r.row;
}

template <class E>
E parse_cell(const std::string& text, std::size_t row, std::string_view column, const std::filesystem::path& path) {
    if constexpr (std::is_same_v<E, std::string>) {
        return text;
    } else {
        E value{};
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec == std::errc::result_out_of_range)
            throw error(fmt::format("cannot read '{}': row {}, column '{}': '{}' does not fit in {}", path.string(), row,
                                    column, text, hamilton::detail::type_name<E>()));
        if (ec != std::errc() || end != text.data() + text.size())
            throw error(fmt::format("cannot read '{}': row {}, column '{}': '{}' is not {} ({})", path.string(), row,
                                    column, text, std::is_integral_v<E> ? "an integer" : "a number",
                                    hamilton::detail::type_name<E>()));
        return value;
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
// element. Every output must be a std::vector of a number type or of std::string, all of one
// length. Written atomically (see write_file_atomically).
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
                problems.push_back(fmt::format("column '{}' is a {}; to_csv writes a std::vector of numbers or of "
                                               "std::string",
                                               c.name, c.type));
        return problems;
    }

    [[nodiscard]] save_metadata save(const results& values) const {
        std::vector<io_detail::csv::column> columns(columns_.size());
        for (std::size_t i = 0; i < columns_.size(); ++i) {
            const std::any& value = values.get_any(columns_[i]);
            if (!io_detail::csv::column_of(value, columns[i], io_detail::csv::all_cell_types{}))
                throw error(fmt::format("column '{}' is a {}; to_csv writes a std::vector of numbers or of std::string",
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
// number type or of std::string. A cell that does not read as the element type is an error
// naming its row (the header is row 1) and column.
template <class T>
class csv_loader {
    static_assert(io_detail::csv::vector_of<T>::value,
                  "from_csv<T>: T must be a std::vector of a number type (not bool or a character) or of std::string");

public:
    csv_loader(std::string target, std::filesystem::path path, std::string column)
        : target_(std::move(target)), path_(std::move(path)), column_(column.empty() ? target_ : std::move(column)) {}

    [[nodiscard]] std::string target() const { return target_; }
    [[nodiscard]] std::filesystem::path path() const { return path_; }
    [[nodiscard]] std::string name() const { return "csv"; }

    [[nodiscard]] loaded<T> load() const {
        const std::string text = read_file(path_);
        io_detail::csv::reading r;
        r.wanted = column_;
        csv_parser parser;
        if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
            throw error(fmt::format("cannot read '{}': the CSV parser could not start", path_.string()));
        const std::size_t parsed = csv_parse(&parser, text.data(), text.size(), &io_detail::csv::on_field,
                                             &io_detail::csv::on_row, &r);
        const bool complete = parsed == text.size() && csv_fini(&parser, &io_detail::csv::on_field,
                                                                &io_detail::csv::on_row, &r) == 0;
        const int status = csv_error(&parser);
        csv_free(&parser);
        if (!complete)
            throw error(fmt::format("cannot read '{}': not valid CSV in row {}: {}", path_.string(), r.row,
                                    csv_strerror(status)));
        if (!r.header_done)
            throw error(fmt::format("cannot read '{}': the file is empty; it needs a header row naming the columns",
                                    path_.string()));
        if (r.column == std::numeric_limits<std::size_t>::max()) {
            const std::vector<std::string_view> names(r.header.begin(), r.header.end());
            throw error(fmt::format("cannot read '{}': it has no column '{}'{}; its columns are {}", path_.string(),
                                    column_, hamilton::detail::suggest(column_, names),
                                    hamilton::detail::quoted_list(names)));
        }
        if (r.short_row != 0)
            throw error(fmt::format("cannot read '{}': row {} has {} fields, too few for column '{}' (field {} of "
                                    "the header)",
                                    path_.string(), r.short_row, r.short_row_fields, column_, r.column + 1));
        loaded<T> out;
        out.value.reserve(r.cells.size());
        for (std::size_t i = 0; i < r.cells.size(); ++i)
            out.value.push_back(
                io_detail::csv::parse_cell<typename T::value_type>(r.cells[i], i + 2, column_, path_));
        out.metadata.path = path_;
        out.metadata.rows = out.value.size();
        out.metadata.bytes = text.size();
        out.metadata.format = "csv";
        out.metadata.extra.emplace("column", column_);
        return out;
    }

private:
    std::string target_;
    std::filesystem::path path_;
    std::string column_;
};

// Saves `columns` (output names) to the CSV file `path`; the saver's id is `id`, or the path.
inline csv_saver to_csv(std::filesystem::path path, std::vector<std::string> columns, std::string id = {}) {
    return csv_saver(std::move(path), std::move(columns), std::move(id));
}

// Loads `target` from the column `column` (by default the target's name) of the CSV file `path`.
template <class T>
csv_loader<T> from_csv(std::string target, std::filesystem::path path, std::string column = {}) {
    return csv_loader<T>(std::move(target), std::move(path), std::move(column));
}

}  // namespace hamilton
