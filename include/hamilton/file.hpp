// hamilton/file.hpp: writing a file so that no reader ever sees half of it, and reading one back,
// with errors that name the path and the reason. Materializers, the catalog, the Chrome trace
// and the cache all write through write_file_atomically.
#pragma once

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <system_error>

#include <fmt/format.h>
#include <unistd.h>

#include "error.hpp"

namespace hamilton {

// A file could not be written or read: "cannot write 'out/a.csv': its folder 'out' does not
// exist; create it first". path() and reason() let a caller say it in its own words.
class file_error : public error {
public:
    file_error(std::filesystem::path path, std::string reason, bool reading)
        : error(fmt::format("cannot {} '{}': {}", reading ? "read" : "write", path.string(), reason)),
          path_(std::move(path)),
          reason_(std::move(reason)) {}

    [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
    [[nodiscard]] const std::string& reason() const noexcept { return reason_; }

private:
    std::filesystem::path path_;
    std::string reason_;
};

namespace detail::files {

inline std::string folder_of(const std::filesystem::path& path) {
    const auto folder = path.parent_path();
    return folder.empty() ? std::string(".") : folder.string();
}

// The nearest folder above `path` that exists as something other than a folder (a regular
// file, say), or an empty path if there is none.
inline std::filesystem::path file_in_the_way(const std::filesystem::path& path) {
    std::error_code ec;
    for (auto part = path.parent_path(); !part.empty() && part != part.root_path(); part = part.parent_path()) {
        const auto status = std::filesystem::status(part, ec);
        if (std::filesystem::exists(status)) return std::filesystem::is_directory(status) ? std::filesystem::path{} : part;
    }
    return {};
}

// Why `path` cannot be created, from the errno of the failed open, with how to fix it.
inline std::string open_failure(const std::filesystem::path& path, int code) {
    std::error_code ec;
    if (code == ENOTDIR) {
        // Something on the path is a file where a folder should be: "check the folder is
        // writable" would send the user looking at permissions.
        if (const auto file = file_in_the_way(path); !file.empty())
            return fmt::format("'{}' is a file, not a folder; choose a path under a folder, or move that file away",
                               file.string());
    }
    if (code == ENOENT && !std::filesystem::is_directory(path.parent_path().empty() ? "." : path.parent_path(), ec))
        return fmt::format("its folder '{}' does not exist; create it first", folder_of(path));
    return fmt::format("{}; check that its folder '{}' is writable", std::generic_category().message(code),
                       folder_of(path));
}

[[noreturn]] inline void cannot_write(const std::filesystem::path& path, const std::string& reason) {
    throw file_error(path, reason, false);
}

// A name next to `path`, ending in `suffix`, that no other writer (thread or process) uses at
// the same time.
inline std::filesystem::path temporary_next_to(const std::filesystem::path& path, std::string_view suffix = ".tmp") {
    static std::atomic<std::uint64_t> counter{0};
    auto tmp = path;
    tmp += fmt::format(".{}.{}{}", ::getpid(), counter.fetch_add(1), suffix);
    return tmp;
}

// Closes `file` and removes the temporary when a write fails or throws.
struct temporary_file {
    std::FILE* file = nullptr;
    std::filesystem::path path;
    bool keep = false;
    temporary_file() = default;
    temporary_file(const temporary_file&) = delete;
    temporary_file& operator=(const temporary_file&) = delete;
    ~temporary_file() {
        if (file != nullptr) std::fclose(file);
        if (!keep && !path.empty()) {
            std::error_code ignored;
            std::filesystem::remove(path, ignored);
        }
    }
};

}  // namespace detail::files

// Writes the file `path` through `write`, which is given the open FILE*: first into a temporary
// file in the same folder, which is renamed over `path` once complete. A reader never sees a
// half-written file, and after a failure (here or in `write`, which may throw) `path` is as it was
// and no temporary file is left. Returns the size written. Throws a hamilton::file_error naming the
// path and the reason ("cannot write 'out/a.csv': its folder 'out' does not exist; create it first").
inline std::uintmax_t write_file_atomically(const std::filesystem::path& path,
                                            const std::function<void(std::FILE*)>& write) {
    std::error_code ec;
    if (path.empty()) detail::files::cannot_write(path, "the path is empty; give a file name");
    if (std::filesystem::is_directory(path, ec))
        detail::files::cannot_write(path, "it is a directory; give a file name");
    detail::files::temporary_file tmp;
    tmp.path = detail::files::temporary_next_to(path);
    tmp.file = std::fopen(tmp.path.c_str(), "wbx");  // x: never reuse an existing file
    if (tmp.file == nullptr) {
        const int code = errno;
        tmp.path.clear();  // nothing was created
        detail::files::cannot_write(path, detail::files::open_failure(path, code));
    }
    write(tmp.file);
    if (std::ferror(tmp.file) != 0 || std::fflush(tmp.file) != 0 || ::fsync(::fileno(tmp.file)) != 0) {
        const int code = errno;
        detail::files::cannot_write(path, std::generic_category().message(code != 0 ? code : EIO));
    }
    const int closed = std::fclose(tmp.file);
    tmp.file = nullptr;
    if (closed != 0) detail::files::cannot_write(path, std::generic_category().message(errno));
    const auto bytes = std::filesystem::file_size(tmp.path, ec);
    std::filesystem::rename(tmp.path, path, ec);
    if (ec) detail::files::cannot_write(path, ec.message());
    tmp.keep = true;
    return bytes;
}

// The whole content of the file `path`. Throws a hamilton::error naming the path and the reason
// ("cannot read 'in.csv': No such file or directory").
inline std::string read_file(const std::filesystem::path& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw file_error(path, "it is a directory; give a file name", true);
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr)
        throw file_error(path, std::generic_category().message(errno), true);
    std::string text;
    char buffer[1 << 16];
    std::size_t got = 0;
    while ((got = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, got);
    const bool failed = std::ferror(file) != 0;
    const int code = errno;
    std::fclose(file);
    if (failed) throw file_error(path, std::generic_category().message(code), true);
    return text;
}

}  // namespace hamilton
