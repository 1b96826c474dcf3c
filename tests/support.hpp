// tests/support.hpp: helpers shared by the unit tests.
#pragma once

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include <unistd.h>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <hamilton/error.hpp>

namespace test {

// A value that counts how many of it are alive, copied and moved (from any thread: nodes run on
// thread pools too).
struct tracked {
    static inline std::atomic<int> alive = 0;
    static inline std::atomic<int> copies = 0;
    static inline std::atomic<int> moves = 0;
    static void reset_counts() { copies = moves = 0; }

    int value = 0;
    explicit tracked(int v = 0) : value(v) { ++alive; }
    tracked(const tracked& other) : value(other.value) { ++alive; ++copies; }
    tracked(tracked&& other) noexcept : value(other.value) { ++alive; ++moves; }
    tracked& operator=(const tracked&) = default;
    tracked& operator=(tracked&&) = default;
    ~tracked() { --alive; }
};

// The message of the hamilton::error `call` throws (fails the test if it throws nothing).
template <class Call>
std::string error_of(Call&& call) {
    try {
        call();
    } catch (const hamilton::error& e) {
        return e.what();
    }
    FAIL("expected a hamilton::error");
    return {};
}

// A fresh directory for the files a test writes, removed with what it holds at the end (its
// permissions restored first, for tests that make it unwritable). mkdtemp makes a new name each
// time, so tests run in parallel (ctest -j) and by several users on one machine never share one.
struct temp_dir {
    std::filesystem::path path;
    temp_dir() {
        std::string name = (std::filesystem::temp_directory_path() / "hamilton_test_XXXXXX").string();
        if (::mkdtemp(name.data()) == nullptr)
            FAIL(fmt::format("cannot create a temporary folder '{}': {}", name, std::strerror(errno)));
        path = name;
    }
    ~temp_dir() {
        std::error_code ec;
        std::filesystem::permissions(path, std::filesystem::perms::owner_all, ec);
        std::filesystem::remove_all(path, ec);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;

    // The names of the files in it, sorted.
    [[nodiscard]] std::vector<std::string> files() const {
        std::vector<std::string> names;
        for (const auto& entry : std::filesystem::directory_iterator(path)) names.push_back(entry.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    }
    void write(const std::string& name, const std::string& text) const {
        std::ofstream out(path / name, std::ios::binary);
        out << text;
    }

    // A path whose folder is a regular file (created here, named `not_a_folder`), so that writing
    // it fails for every user: root may write into a read-only folder, but not under a file.
    [[nodiscard]] std::filesystem::path under_a_file(const std::string& name) const {
        write("not_a_folder", "a file, not a folder\n");
        return path / "not_a_folder" / name;
    }
};

// The whole content of a file ("" when it cannot be read).
inline std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace test
