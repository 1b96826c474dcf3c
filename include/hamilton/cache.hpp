// hamilton/cache.hpp: node values kept across executes (in memory) and across runs (on disk).
//
//   auto cache = std::make_shared<hamilton::cache>(hamilton::cache_options{.path = ".hamilton_cache"});
//   auto dr = hamilton::builder().with_modules(m).with_cache(cache, {.recompute = {"today"}}).build();
//   dr.execute<"report">(inputs);   // computes and keeps every node's value
//   dr.execute<"report">(inputs);   // takes them from the cache: no node runs
//
// A node's value is kept under a key made of its name, its version and the fingerprints of the
// values it read (Python Hamilton's cache key). A changed input changes the fingerprints of what
// it feeds, so exactly the nodes downstream of it are computed again. The version is the node's
// "hamilton.version" tag when it has one (`.tag(hamilton::version_tag, "2")`: bump it when the
// function changes); else it is derived from the node's signature and the program's binary, so
// a rebuilt program computes everything again rather than trust values of older code.
//
// Values are fingerprinted, and written to disk as JSON, for the types the cache supports:
// numbers, bool, std::string, and std::vector and std::map of them, plus any type given to
// support<T>() that nlohmann-json can convert both ways. A computed value of another type is
// kept in memory only, and its key stands for it in its readers' keys; an input or override of
// such a type cannot be told from another, so the nodes reading it are computed every time. A
// disk entry that cannot be read, does not parse or fails its checksum is computed again, never
// trusted.
//
// Optional header: it needs nlohmann-json and xxHash (Debian: nlohmann-json3-dev, libxxhash-dev;
// xxHash is used header-only).
#pragma once

#include <any>
#include <array>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <typeindex>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "detail/graph_view.hpp"
#include "detail/names.hpp"
#include "detail/node_cache.hpp"
#include "error.hpp"
#include "file.hpp"

namespace hamilton {

struct cache_options {
    // A directory for values kept across runs; empty: in memory only. Created if missing.
    std::filesystem::path path{};
};

// What the cache did for one node of one execute call (see cache::events()).
struct cache_event {
    std::uint64_t run_id = 0;
    std::string node;
    // "hit", "hit from disk", "computed", "computed: recompute", "computed: disable",
    // "computed: ignore", "computed: not keyed (...)", "computed: corrupt entry (...)",
    // "not written (...)"
    std::string what;
};

namespace detail {

using digest = XXH128_hash_t;

inline std::string digest_text(const digest& d) { return fmt::format("{:016x}{:016x}", d.high64, d.low64); }

// Fingerprint and JSON form of one value type.
struct value_support {
    digest (*fingerprint)(const void* value);
    nlohmann::json (*to_json)(const void* value);
    std::any (*from_json)(const nlohmann::json& json);
};

template <class T>
inline constexpr bool raw_bytes_fingerprint = std::is_arithmetic_v<T>;
template <class T>
inline constexpr bool raw_bytes_fingerprint<std::vector<T>> = std::is_arithmetic_v<T> && !std::is_same_v<T, bool>;

template <class T>
value_support support_for() {
    return {
        [](const void* value) -> digest {
            const T& v = *static_cast<const T*>(value);
            if constexpr (std::is_arithmetic_v<T>) {
                return XXH3_128bits(&v, sizeof v);
            } else if constexpr (raw_bytes_fingerprint<T>) {
                return XXH3_128bits(v.data(), v.size() * sizeof(typename T::value_type));
            } else {
                const std::string text = nlohmann::json(v).dump();
                return XXH3_128bits(text.data(), text.size());
            }
        },
        [](const void* value) { return nlohmann::json(*static_cast<const T*>(value)); },
        [](const nlohmann::json& json) { return std::any(json.get<T>()); },
    };
}

}  // namespace detail

class cache : public detail::node_cache {
public:
    explicit cache(cache_options options = {}) : options_(std::move(options)) {
        add_builtin_types();
        if (!options_.path.empty()) check_directory();
    }

    // Fingerprints T, and keeps it on disk, through nlohmann-json's conversions of T.
    template <class T>
    void support() {
        std::lock_guard lock(mutex_);
        types_[std::type_index(typeid(T))] = detail::support_for<T>();
    }

    // What the cache did, node by node, oldest first.
    [[nodiscard]] std::vector<cache_event> events() const {
        std::lock_guard lock(mutex_);
        return events_;
    }
    void clear_events() {
        std::lock_guard lock(mutex_);
        events_.clear();
    }

    // Values kept in memory; clear() forgets them (the disk entries stay).
    [[nodiscard]] std::size_t size() const {
        std::lock_guard lock(mutex_);
        return entries_.size();
    }
    void clear() {
        std::lock_guard lock(mutex_);
        entries_.clear();
    }

    [[nodiscard]] const cache_options& options() const noexcept { return options_; }

    // ---- for the engine (detail::node_cache) --------------------------------------------------

    [[nodiscard]] std::shared_ptr<const detail::bound_cache> bind(const detail::graph_view& view,
                                                                  const std::vector<detail::cached_node>& nodes,
                                                                  const std::vector<bool>& dependency_selected,
                                                                  const cache_behaviors& behaviors,
                                                                  std::vector<std::string>& problems) const override;

private:
    class binding;
    class run;

    struct entry {
        std::shared_ptr<const std::any> value;
        detail::digest version;  // the value's fingerprint (or, for a type without one, its key)
    };

    void add_builtin_types() {
        register_types<bool, char, signed char, unsigned char, short, unsigned short, int, unsigned, long, unsigned long,
                       long long, unsigned long long, float, double, std::string>();
        register_types<std::vector<bool>, std::vector<int>, std::vector<unsigned>, std::vector<long>,
                       std::vector<unsigned long>, std::vector<long long>, std::vector<unsigned long long>,
                       std::vector<float>, std::vector<double>, std::vector<std::string>>();
        register_types<std::map<std::string, int>, std::map<std::string, long>, std::map<std::string, double>,
                       std::map<std::string, std::string>>();
    }
    template <class... T>
    void register_types() {
        ((types_[std::type_index(typeid(T))] = detail::support_for<T>()), ...);
    }

    void check_directory() const {
        namespace fs = std::filesystem;
        std::error_code ec;
        fs::create_directories(options_.path, ec);
        if (ec)
            throw error("cache", {fmt::format("cannot create the cache directory '{}': {}; give a directory you "
                                              "can write to",
                                              options_.path.string(), ec.message())});
        const auto probe = options_.path / ".hamilton-write-check";
        std::FILE* file = std::fopen(probe.c_str(), "wb");
        if (file == nullptr)
            throw error("cache", {fmt::format("cannot write in the cache directory '{}': {}; give a directory you "
                                              "can write to",
                                              options_.path.string(), std::generic_category().message(errno))});
        std::fclose(file);
        fs::remove(probe, ec);
    }

    [[nodiscard]] const detail::value_support* support_of(const std::type_info& type) const {
        std::lock_guard lock(mutex_);
        const auto it = types_.find(std::type_index(type));
        return it == types_.end() ? nullptr : &it->second;
    }

    void record(std::uint64_t run_id, std::string_view node, std::string what) const {
        std::lock_guard lock(mutex_);
        events_.push_back({run_id, std::string(node), std::move(what)});
    }

    [[nodiscard]] std::optional<entry> find(const detail::digest& key) const {
        std::lock_guard lock(mutex_);
        const auto it = entries_.find(detail::digest_text(key));
        if (it == entries_.end()) return std::nullopt;
        return it->second;
    }
    void keep(const detail::digest& key, entry e) const {
        std::lock_guard lock(mutex_);
        entries_.insert_or_assign(detail::digest_text(key), std::move(e));
    }

    [[nodiscard]] std::filesystem::path file_of(std::string_view node, const detail::digest& key) const {
        std::string name;
        for (char c : node) name.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
        return options_.path / fmt::format("{}-{}.json", name, detail::digest_text(key));
    }

    // The entry on disk, or why it cannot be used ("" when there is none).
    [[nodiscard]] std::optional<entry> read(std::string_view node, const detail::digest& key,
                                            const detail::value_support& support, std::string& problem) const {
        const auto path = file_of(node, key);
        std::ifstream in(path, std::ios::binary);
        if (!in) return std::nullopt;
        try {
            std::stringstream text;
            text << in.rdbuf();
            const auto json = nlohmann::json::parse(text.str());
            const std::string value = json.at("value").dump();
            const auto checksum = detail::digest_text(XXH3_128bits(value.data(), value.size()));
            if (json.at("key").get<std::string>() != detail::digest_text(key) ||
                json.at("checksum").get<std::string>() != checksum)
                throw std::runtime_error("its checksum or key does not match its value");
            auto any = std::make_shared<const std::any>(support.from_json(json.at("value")));
            const auto version_text = json.at("version").get<std::string>();
            detail::digest version{};
            if (version_text.size() != 32) throw std::runtime_error("its version is malformed");
            version.high64 = std::stoull(version_text.substr(0, 16), nullptr, 16);
            version.low64 = std::stoull(version_text.substr(16), nullptr, 16);
            return entry{std::move(any), version};
        } catch (const std::exception& e) {
            problem = fmt::format("'{}': {}", path.string(), e.what());
            return std::nullopt;
        }
    }

    // Writes `value` (of the supported type) to disk under `key`, through write_file_atomically:
    // a reader never sees half an entry. Returns "" or why it failed.
    [[nodiscard]] std::string write(std::string_view node, const detail::digest& key, const void* value,
                                    const detail::digest& version, const detail::value_support& support) const {
        const auto path = file_of(node, key);
        try {
            nlohmann::json json;
            json["value"] = support.to_json(value);
            const std::string text_of_value = json["value"].dump();
            json["node"] = std::string(node);
            json["key"] = detail::digest_text(key);
            json["version"] = detail::digest_text(version);
            json["checksum"] = detail::digest_text(XXH3_128bits(text_of_value.data(), text_of_value.size()));
            const std::string text = json.dump();
            (void)write_file_atomically(path, [&](std::FILE* file) { std::fwrite(text.data(), 1, text.size(), file); });
            return {};
        } catch (const file_error& e) {
            return fmt::format("'{}': {}", path.string(), e.reason());
        } catch (const std::exception& e) {
            return fmt::format("'{}': {}", path.string(), e.what());
        }
    }

    cache_options options_;
    mutable std::mutex mutex_;
    std::unordered_map<std::type_index, detail::value_support> types_;
    mutable std::unordered_map<std::string, entry> entries_;
    mutable std::vector<cache_event> events_;
};

// The cache bound to one driver: each node's behaviour and version.
class cache::binding final : public detail::bound_cache {
public:
    enum class behavior : std::uint8_t { keep, recompute, disable, ignore };

    binding(const cache& owner, const detail::graph_view& view, std::vector<behavior> behaviors,
            std::vector<std::string> versions, std::vector<bool> dependency_selected)
        : owner_(&owner), view_(&view), behaviors_(std::move(behaviors)), versions_(std::move(versions)),
          selected_(std::move(dependency_selected)) {}

    [[nodiscard]] std::unique_ptr<detail::cache_run> begin(std::uint64_t run_id) const override;

    const cache* owner_;
    const detail::graph_view* view_;
    std::vector<behavior> behaviors_;  // per node
    std::vector<std::string> versions_;  // per node
    std::vector<bool> selected_;       // per dependency
};

// One execute call: the fingerprint of every value it saw, each node's key.
class cache::run final : public detail::cache_run {
public:
    run(const binding& b, std::uint64_t run_id)
        : b_(&b), run_id_(run_id), versions_(b.view_->slot_count), keys_(b.view_->node_count) {}

    bool restore(std::uint32_t node, std::byte* state) override {
        const auto& v = *b_->view_;
        const auto behavior = b_->behaviors_[node];
        const auto name = v.node_name[node];
        if (behavior == binding::behavior::disable || behavior == binding::behavior::ignore) return false;
        std::string unknown;
        const auto key = key_of(node, state, unknown);
        if (!key) {
            owner().record(run_id_, name, fmt::format("computed: not keyed ({})", unknown));
            return false;
        }
        keys_[node] = key;
        if (behavior == binding::behavior::recompute) {
            owner().record(run_id_, name, "computed: recompute");
            return false;
        }
        const auto s = v.node_slot[node];
        auto found = owner().find(*key);
        std::string what = "hit";
        if (!found && !owner().options().path.empty()) {
            if (const auto* support = owner().support_of(*v.slots[s].type)) {
                std::string problem;
                found = owner().read(name, *key, *support, problem);
                if (!problem.empty()) {
                    owner().record(run_id_, name, fmt::format("computed: corrupt entry ({})", problem));
                    return false;
                }
                if (found) {
                    owner().keep(*key, *found);
                    what = "hit from disk";
                }
            }
        }
        if (!found || !v.slots[s].bind(state + v.slot_offset[s], *found->value)) {
            owner().record(run_id_, name, "computed");
            return false;
        }
        {
            std::lock_guard lock(mutex_);
            held_.push_back(found->value);  // the slot refers to it until the call ends
        }
        set_version(s, found->version);
        owner().record(run_id_, name, std::move(what));
        return true;
    }

    void store(std::uint32_t node, std::byte* state) override {
        const auto& v = *b_->view_;
        const auto s = v.node_slot[node];
        const auto behavior = b_->behaviors_[node];
        if (behavior == binding::behavior::disable || behavior == binding::behavior::ignore) {
            owner().record(run_id_, v.node_name[node], behavior == binding::behavior::disable ? "computed: disable"
                                                                                             : "computed: ignore");
            set_state(s, behavior == binding::behavior::ignore ? known::ignored : known::disabled);
            return;
        }
        const std::byte* slot = state + v.slot_offset[s];
        const void* value = header(slot).current;
        const auto* support = owner().support_of(*v.slots[s].type);
        const auto key = keys_[node];
        // The value's own fingerprint lets its readers hit again when it comes out the same.
        std::optional<detail::digest> version;
        if (support != nullptr) version = support->fingerprint(value);
        else if (key) version = *key;
        if (version) set_version(s, *version);
        else set_state(s, known::unknown);
        if (!key) return;
        auto copy = v.slots[s].copy(slot);
        if (!copy.has_value()) return;
        owner().keep(*key, entry{std::make_shared<const std::any>(std::move(copy)), *version});
        if (support != nullptr && !owner().options().path.empty()) {
            const auto problem = owner().write(v.node_name[node], *key, value, *version, *support);
            if (!problem.empty()) owner().record(run_id_, v.node_name[node], fmt::format("not written ({})", problem));
        }
    }

private:
    enum class known : std::uint8_t { not_yet, version, unknown, disabled, ignored };
    struct slot_version {
        known state = known::not_yet;
        detail::digest version{};
    };

    [[nodiscard]] const cache& owner() const { return *b_->owner_; }

    static const detail::slot_header& header(const std::byte* slot) {
        return *std::launder(reinterpret_cast<const detail::slot_header*>(slot));
    }

    void set_version(std::uint32_t s, const detail::digest& d) {
        std::lock_guard lock(mutex_);
        versions_[s] = {known::version, d};
    }
    void set_state(std::uint32_t s, known k) {
        std::lock_guard lock(mutex_);
        versions_[s].state = k;
    }

    // The key of node n: its name, version and the fingerprints of what it reads; none (and why
    // in `unknown`) when one of them has no fingerprint.
    std::optional<detail::digest> key_of(std::uint32_t n, const std::byte* state, std::string& unknown) {
        const auto& v = *b_->view_;
        XXH3_state_t* hasher = XXH3_createState();
        std::unique_ptr<XXH3_state_t, XXH_errorcode (*)(XXH3_state_t*)> owned(hasher, &XXH3_freeState);
        XXH3_128bits_reset(hasher);
        auto add = [&](std::string_view text) {
            XXH3_128bits_update(hasher, text.data(), text.size());
            XXH3_128bits_update(hasher, "\0", 1);
        };
        add(v.node_name[n]);
        add(b_->versions_[n]);
        for (auto k = v.dep_offset[n]; k < v.dep_offset[n + 1]; ++k) {
            if (!b_->selected_[k]) continue;
            const auto s = v.dep_slot[k];
            add(v.slot_name[s]);
            slot_version known_version;
            {
                std::lock_guard lock(mutex_);
                known_version = versions_[s];
            }
            if (known_version.state == known::not_yet) {
                // An input or an override: fingerprinted where the caller's value is.
                const void* value = header(state + v.slot_offset[s]).current;
                if (value == nullptr) {
                    known_version = {known::version, XXH3_128bits("absent", 6)};
                } else if (const auto* support = owner().support_of(*v.slots[s].type)) {
                    known_version = {known::version, support->fingerprint(value)};
                } else {
                    known_version.state = known::unknown;
                }
                std::lock_guard lock(mutex_);
                versions_[s] = known_version;
            }
            if (known_version.state == known::ignored) continue;
            if (known_version.state == known::unknown || known_version.state == known::disabled) {
                unknown = known_version.state == known::disabled
                              ? fmt::format("'{}' is not cached: disable", v.slot_name[s])
                              : fmt::format("'{}' of type {} has no fingerprint", v.slot_name[s], v.slot_type[s]);
                return std::nullopt;
            }
            XXH3_128bits_update(hasher, &known_version.version, sizeof known_version.version);
        }
        return XXH3_128bits_digest(hasher);
    }

    const binding* b_;
    std::uint64_t run_id_;
    std::mutex mutex_;  // two nodes may be handled at once on a thread pool
    std::vector<slot_version> versions_;
    std::vector<std::optional<detail::digest>> keys_;  // each written by its node's thread only
    std::vector<std::shared_ptr<const std::any>> held_;  // guarded by mutex_
};

inline std::unique_ptr<detail::cache_run> cache::binding::begin(std::uint64_t run_id) const {
    return std::make_unique<cache::run>(*this, run_id);
}

inline std::shared_ptr<const detail::bound_cache> cache::bind(const detail::graph_view& view,
                                                              const std::vector<detail::cached_node>& nodes,
                                                              const std::vector<bool>& dependency_selected,
                                                              const cache_behaviors& behaviors,
                                                              std::vector<std::string>& problems) const {
    std::vector<binding::behavior> per_node(view.node_count, binding::behavior::keep);
    std::vector<std::string_view> active;
    for (std::uint32_t n = 0; n < view.node_count; ++n)
        if (nodes[n].active) active.push_back(view.node_name[n]);
    auto apply = [&](const std::vector<std::string>& names, binding::behavior b, std::string_view list) {
        for (const auto& name : names) {
            bool found = false;
            for (std::uint32_t n = 0; n < view.node_count; ++n)
                if (nodes[n].active && view.node_name[n] == name) per_node[n] = b, found = true;
            if (!found)
                problems.push_back(fmt::format("with_cache: '{}' in {} names no node of the graph under this config{}",
                                               name, list, detail::suggest(name, active)));
        }
    };
    apply(behaviors.recompute, binding::behavior::recompute, "recompute");
    apply(behaviors.disable, binding::behavior::disable, "disable");
    apply(behaviors.ignore, binding::behavior::ignore, "ignore");

    // A derived version changes with the node's signature and with the program's binary.
    std::string program;
    {
        std::error_code ec;
        const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
        const auto size = ec ? 0 : std::filesystem::file_size(exe, ec);
        const auto time = ec ? std::filesystem::file_time_type{} : std::filesystem::last_write_time(exe, ec);
        program = fmt::format("{}:{}:{}", exe.string(), size, time.time_since_epoch().count());
    }
    std::vector<std::string> versions;
    for (std::uint32_t n = 0; n < view.node_count; ++n) {
        std::string signature = fmt::format("{} -> {}", view.function_name[n], view.slot_type[view.node_slot[n]]);
        for (auto k = view.dep_offset[n]; k < view.dep_offset[n + 1]; ++k)
            signature += fmt::format(", {}: {}", view.slot_name[view.dep_slot[k]], view.slot_type[view.dep_slot[k]]);
        versions.push_back(nodes[n].version.empty() ? fmt::format("derived {} in {}", signature, program)
                                                    : fmt::format("version {} of {}", nodes[n].version, signature));
    }
    return std::make_shared<binding>(*this, view, std::move(per_node), std::move(versions), dependency_selected);
}

}  // namespace hamilton
