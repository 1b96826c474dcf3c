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
// A value is fingerprinted by the bytes the cache would store for it, which determine it: its
// own bytes for numbers, std::string and std::vector of numbers, its CBOR form (nlohmann-json's
// binary JSON, which keeps NaN, infinities and any bytes in strings) for the other supported
// types: bool vectors, std::vector<std::string>, std::map of them, and any type given to
// support<T>() that nlohmann-json converts both ways. A collect<T> is fingerprinted by its items.
// A computed value of another type is kept in memory only, and its key stands for it in its
// readers' keys; an input or override of such a type cannot be told from another, so the nodes
// reading it are computed every time. On disk, an entry's checksum is checked before anything in
// it is decoded, and decoding is bounded; an entry that fails either is computed again, never
// trusted. A value taken from the cache belongs to the call that took it until the call's
// results are read: clear() and other calls storing the same key do not free it.
//
// Optional header: it needs nlohmann-json and xxHash (Debian: nlohmann-json3-dev, libxxhash-dev;
// xxHash is used header-only).
#pragma once

#include <any>
#include <array>
#include <bit>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
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
#include "parallel.hpp"

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
    // "not written (...)", "not kept (...)"
    std::string what;
};

namespace detail {

using digest = XXH128_hash_t;

inline std::string digest_text(const digest& d) { return fmt::format("{:016x}{:016x}", d.high64, d.low64); }

// How the cache fingerprints and stores one value type. The stored bytes determine the value:
// they are its fingerprint's input, and decode back to an equal value.
struct value_support {
    // The bytes stored for `value`: a view of its own bytes, or its CBOR form made in `buffer`.
    std::string_view (*encode)(const void* value, std::vector<std::uint8_t>& buffer);
    // The value back from its stored bytes, in a std::any; throws saying why not.
    std::any (*decode)(std::string_view bytes);
    // The fingerprint of a collect<T> (the value a node downstream of a block reads), from its items'.
    digest (*fingerprint_items)(const void* collected);
    // How the bytes are laid out ("cbor", "raw 8-byte little-endian"): an entry stored in another
    // form (written on a machine of another byte order or type size) is not read.
    std::string form;

    [[nodiscard]] digest fingerprint(const void* value) const {
        std::vector<std::uint8_t> buffer;
        const auto bytes = encode(value, buffer);
        return XXH3_128bits(bytes.data(), bytes.size());
    }
};

// Types stored as their own bytes: every bit pattern of them is a distinct value and they hold no
// padding or pointers. (long double has padding; bool is checked on the way back.)
template <class T>
inline constexpr bool raw_number = std::is_integral_v<T> || std::is_same_v<T, float> || std::is_same_v<T, double>;
template <class T>
inline constexpr bool raw_bytes = raw_number<T> || std::is_same_v<T, std::string>;
template <class T>
inline constexpr bool raw_bytes<std::vector<T>> = raw_number<T> && !std::is_same_v<T, bool>;

inline std::string raw_form(std::size_t element_size) {
    return fmt::format("raw {}-byte {}", element_size,
                       std::endian::native == std::endian::little ? "little-endian" : "big-endian");
}

// How deep the CBOR form of a value may nest when read back: deeper is a bad entry (the parser
// recurses once per level).
inline constexpr std::size_t max_stored_depth = 256;

// nlohmann-json's DOM builder, refusing to nest deeper than max_stored_depth.
class bounded_cbor_reader {
public:
    using json = nlohmann::json;
    explicit bounded_cbor_reader(json& result) : dom_(result) {}

    bool null() { return dom_.null(); }
    bool boolean(bool value) { return dom_.boolean(value); }
    bool number_integer(json::number_integer_t value) { return dom_.number_integer(value); }
    bool number_unsigned(json::number_unsigned_t value) { return dom_.number_unsigned(value); }
    bool number_float(json::number_float_t value, const json::string_t& text) { return dom_.number_float(value, text); }
    bool string(json::string_t& value) { return dom_.string(value); }
    bool binary(json::binary_t& value) { return dom_.binary(value); }
    bool start_object(std::size_t size) { return deeper() && dom_.start_object(size); }
    bool key(json::string_t& value) { return dom_.key(value); }
    bool end_object() {
        --depth_;
        return dom_.end_object();
    }
    bool start_array(std::size_t size) { return deeper() && dom_.start_array(size); }
    bool end_array() {
        --depth_;
        return dom_.end_array();
    }
    bool parse_error(std::size_t position, const std::string& token, const json::exception& e) {
        return dom_.parse_error(position, token, e);  // throws e
    }

    [[nodiscard]] bool too_deep() const noexcept { return too_deep_; }

private:
    bool deeper() {
        too_deep_ = depth_ == max_stored_depth;
        return !too_deep_ && ++depth_ > 0;
    }

    nlohmann::detail::json_sax_dom_parser<json> dom_;
    std::size_t depth_ = 0;
    bool too_deep_ = false;
};

inline nlohmann::json decode_cbor(std::string_view bytes) {
    nlohmann::json json;
    bounded_cbor_reader reader(json);
    const bool complete = nlohmann::json::sax_parse(bytes.begin(), bytes.end(), &reader,
                                                    nlohmann::json::input_format_t::cbor);
    if (reader.too_deep()) throw std::runtime_error(fmt::format("it nests deeper than {} levels", max_stored_depth));
    if (!complete) throw std::runtime_error("it is not complete CBOR");
    return json;
}

template <class T>
std::string_view encode_value(const void* value, std::vector<std::uint8_t>& buffer) {
    const T& v = *static_cast<const T*>(value);
    if constexpr (raw_number<T>) {
        return {reinterpret_cast<const char*>(&v), sizeof v};
    } else if constexpr (std::is_same_v<T, std::string>) {
        return v;
    } else if constexpr (raw_bytes<T>) {
        return {reinterpret_cast<const char*>(v.data()), v.size() * sizeof(typename T::value_type)};
    } else {
        buffer.clear();
        nlohmann::json::to_cbor(nlohmann::json(v), buffer);
        return {reinterpret_cast<const char*>(buffer.data()), buffer.size()};
    }
}

template <class T>
std::any decode_value(std::string_view bytes) {
    if constexpr (raw_number<T>) {
        if (bytes.size() != sizeof(T))
            throw std::runtime_error(fmt::format("it has {} bytes, type {} has {}", bytes.size(), type_name<T>(), sizeof(T)));
        if constexpr (std::is_same_v<T, bool>) {
            if (bytes[0] != 0 && bytes[0] != 1) throw std::runtime_error("its byte is not a bool's");
        }
        T v;
        std::memcpy(&v, bytes.data(), sizeof v);
        return v;
    } else if constexpr (std::is_same_v<T, std::string>) {
        return std::string(bytes);
    } else if constexpr (raw_bytes<T>) {
        using item = typename T::value_type;
        if (bytes.size() % sizeof(item) != 0)
            throw std::runtime_error(
                fmt::format("it has {} bytes, not a whole number of {}-byte items", bytes.size(), sizeof(item)));
        T v(bytes.size() / sizeof(item));
        if (!v.empty()) std::memcpy(v.data(), bytes.data(), bytes.size());
        return v;
    } else {
        return decode_cbor(bytes).template get<T>();
    }
}

template <class T>
value_support support_for() {
    static_assert(!std::is_same_v<T, long double>,
                  "hamilton::cache: a long double cannot be fingerprinted (its bytes hold padding) nor stored "
                  "(nlohmann-json rounds it to a double); return a double");
    std::string form = "cbor";
    if constexpr (raw_number<T>) form = raw_form(sizeof(T));
    else if constexpr (std::is_same_v<T, std::string>) form = "raw bytes";
    else if constexpr (raw_bytes<T>) form = raw_form(sizeof(typename T::value_type));
    return {
        &encode_value<T>,
        &decode_value<T>,
        [](const void* collected) {
            const auto& items = *static_cast<const collect<T>*>(collected);
            XXH3_state_t hasher;
            XXH3_128bits_reset(&hasher);
            const std::uint64_t count = items.size();
            XXH3_128bits_update(&hasher, &count, sizeof count);
            std::vector<std::uint8_t> buffer;
            for (const T& item : items) {
                const auto bytes = encode_value<T>(&item, buffer);
                const auto d = XXH3_128bits(bytes.data(), bytes.size());
                XXH3_128bits_update(&hasher, &d, sizeof d);
            }
            return XXH3_128bits_digest(&hasher);
        },
        std::move(form),
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
        return options_.path / fmt::format("{}-{}.entry", name, detail::digest_text(key));
    }

    // An entry on disk: a first line naming the format, then a line with the checksum of all that
    // follows it, then the key, the value's fingerprint (its version), the form of its bytes, and
    // the bytes.
    static constexpr std::string_view entry_format = "hamilton cache entry 2\n";

    // `label` followed by a space, then a field up to the end of the line; "" when `rest` does not
    // start so. Moves `rest` past the line.
    static std::string_view take_line(std::string_view& rest, std::string_view label) {
        if (!rest.starts_with(label) || rest.size() <= label.size() || rest[label.size()] != ' ') return {};
        const auto end = rest.find('\n', label.size() + 1);
        if (end == std::string_view::npos) return {};
        const auto field = rest.substr(label.size() + 1, end - label.size() - 1);
        rest.remove_prefix(end + 1);
        return field;
    }

    static std::optional<detail::digest> digest_of_text(std::string_view text) {
        detail::digest d{};
        if (text.size() != 32) return std::nullopt;
        const auto high = std::from_chars(text.data(), text.data() + 16, d.high64, 16);
        const auto low = std::from_chars(text.data() + 16, text.data() + 32, d.low64, 16);
        if (high.ec != std::errc{} || high.ptr != text.data() + 16 || low.ec != std::errc{} || low.ptr != text.data() + 32)
            return std::nullopt;
        return d;
    }

    // The entry on disk (nullopt when there is none), or why it cannot be used (in `problem`).
    // Nothing in it is decoded before its checksum matches, and decoding is bounded: a damaged or
    // forged entry is a problem, never a crash and never a value.
    [[nodiscard]] std::optional<entry> read(std::string_view node, const detail::digest& key,
                                            const detail::value_support& support, std::string& problem) const {
        const auto path = file_of(node, key);
        std::error_code ec;
        if (!std::filesystem::exists(path, ec) && !ec) return std::nullopt;
        try {
            const std::string text = read_file(path);
            std::string_view rest = text;
            if (!rest.starts_with(entry_format))
                throw std::runtime_error(fmt::format("it does not start with '{}'", entry_format.substr(0, entry_format.size() - 1)));
            rest.remove_prefix(entry_format.size());
            const auto checksum = take_line(rest, "checksum");
            if (checksum != detail::digest_text(XXH3_128bits(rest.data(), rest.size())))
                throw std::runtime_error("its checksum does not match its content");
            if (take_line(rest, "key") != detail::digest_text(key)) throw std::runtime_error("it holds another key");
            const auto version = digest_of_text(take_line(rest, "version"));
            if (!version) throw std::runtime_error("its version is malformed");
            if (const auto form = take_line(rest, "form"); form != support.form)
                throw std::runtime_error(fmt::format("its value is stored as '{}', which this program does not read "
                                                     "(it stores this type as '{}')",
                                                     form, support.form));
            std::any value;
            try {
                value = support.decode(rest);
            } catch (const std::exception& e) {
                throw std::runtime_error(fmt::format("its value does not decode: {}", e.what()));
            }
            return entry{std::make_shared<const std::any>(std::move(value)), *version};
        } catch (const file_error& e) {
            problem = fmt::format("'{}': {}", path.string(), e.reason());
        } catch (const std::exception& e) {
            problem = fmt::format("'{}': {}", path.string(), e.what());
        }
        return std::nullopt;
    }

    // Writes the stored bytes of a value to disk under `key`, through write_file_atomically: a
    // reader never sees half an entry. Returns "" or why it failed.
    [[nodiscard]] std::string write(std::string_view node, const detail::digest& key, std::string_view bytes,
                                    const detail::digest& version, const detail::value_support& support) const {
        const auto path = file_of(node, key);
        try {
            const std::string head = fmt::format("key {}\nversion {}\nform {}\n", detail::digest_text(key),
                                                 detail::digest_text(version), support.form);
            XXH3_state_t hasher;
            XXH3_128bits_reset(&hasher);
            XXH3_128bits_update(&hasher, head.data(), head.size());
            XXH3_128bits_update(&hasher, bytes.data(), bytes.size());
            const std::string checksum = fmt::format("checksum {}\n", detail::digest_text(XXH3_128bits_digest(&hasher)));
            (void)write_file_atomically(path, [&](std::FILE* file) {
                for (const std::string_view part : {entry_format, std::string_view(checksum), std::string_view(head), bytes})
                    if (!part.empty()) std::fwrite(part.data(), 1, part.size(), file);  // an empty one may be null
            });
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

// One execute call: the fingerprint of every value it saw, each node's key, and the values it
// took from the cache. The engine keeps it until the call's results are read (see cache_run).
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
        if (!found) {
            owner().record(run_id_, name, "computed");
            return false;
        }
        {
            // Held first: the slot refers to it until this call's results are read, whatever
            // becomes of the cache's own entry (clear(), another call storing the same key).
            std::lock_guard lock(mutex_);
            held_.push_back(found->value);
        }
        if (!v.slots[s].bind(state + v.slot_offset[s], *found->value)) {
            owner().record(run_id_, name, "computed");
            return false;
        }
        set_version(s, found->version);
        owner().record(run_id_, name, std::move(what));
        return true;
    }

    // Never throws for a value the cache cannot fingerprint, copy or write: the node computed it,
    // and its slot owns it; the event says what was not done.
    void store(std::uint32_t node, std::byte* state) override {
        const auto& v = *b_->view_;
        const auto s = v.node_slot[node];
        const auto name = v.node_name[node];
        const auto behavior = b_->behaviors_[node];
        if (behavior == binding::behavior::disable || behavior == binding::behavior::ignore) {
            owner().record(run_id_, name, behavior == binding::behavior::disable ? "computed: disable" : "computed: ignore");
            set_state(s, behavior == binding::behavior::ignore ? known::ignored : known::disabled);
            return;
        }
        const std::byte* slot = state + v.slot_offset[s];
        const void* value = header(slot).current;
        const auto* support = owner().support_of(*v.slots[s].type);
        const auto key = keys_[node];
        // The value's own fingerprint lets its readers hit again when it comes out the same; a
        // value without one is stood for by its key.
        std::vector<std::uint8_t> buffer;
        std::optional<std::string_view> bytes;
        std::string not_written;
        if (support != nullptr) {
            try {
                bytes = support->encode(value, buffer);
            } catch (...) {
                not_written = fmt::format("its value has no fingerprint: {}", detail::current_exception_message());
            }
        }
        std::optional<detail::digest> version;
        if (bytes) version = XXH3_128bits(bytes->data(), bytes->size());
        else if (key) version = *key;
        if (version) set_version(s, *version);
        else set_state(s, known::unknown);
        if (!key) return;
        try {
            auto copy = v.slots[s].copy(slot);
            if (!copy.has_value()) return;
            owner().keep(*key, entry{std::make_shared<const std::any>(std::move(copy)), *version});
        } catch (...) {
            owner().record(run_id_, name, fmt::format("not kept (its copy failed: {})", detail::current_exception_message()));
            return;
        }
        if (bytes && !owner().options().path.empty()) not_written = owner().write(name, *key, *bytes, *version, *support);
        if (!not_written.empty()) owner().record(run_id_, name, fmt::format("not written ({})", not_written));
    }

private:
    enum class known : std::uint8_t { not_yet, version, unknown, disabled, ignored };
    struct slot_version {
        known state = known::not_yet;
        detail::digest version{};
        std::string why_unknown{};  // for an input or override without a fingerprint
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

    // The fingerprint of a value no node of this call computed: an input, an override, or the
    // collect<U> a block gathered (its slot has U's type; the value is the collect).
    [[nodiscard]] slot_version fingerprint_given(std::uint32_t k, const std::byte* state) const {
        const auto& v = *b_->view_;
        const auto s = v.dep_slot[k];
        const void* value = header(state + v.slot_offset[s]).current;
        const bool gathered = v.dep_collects[k] && v.dep_gather[k] != nullptr;
        // Tagged, so that no value's fingerprint can be taken for "absent" or for a collect.
        digest_builder d;
        if (value == nullptr) {
            d.add("absent");
            return {known::version, d.digest()};
        }
        const auto* support = owner().support_of(*v.slots[s].type);
        if (support == nullptr)
            return {known::unknown, {},
                    fmt::format("'{}' of type {} has no fingerprint", v.slot_name[s],
                                gathered ? fmt::format("collect<{}>", v.slot_type[s]) : v.slot_type[s])};
        try {
            d.add(gathered ? "collect" : "value");
            const auto fingerprint = gathered ? support->fingerprint_items(value) : support->fingerprint(value);
            d.add(std::string_view(reinterpret_cast<const char*>(&fingerprint), sizeof fingerprint));
            return {known::version, d.digest()};
        } catch (...) {
            return {known::unknown, {},
                    fmt::format("'{}' of type {} has no fingerprint: {}", v.slot_name[s], v.slot_type[s],
                                detail::current_exception_message())};
        }
    }

    // Parts hashed one after the other, each with its length: no two lists of parts hash alike
    // by where one ends and the next begins.
    class digest_builder {
    public:
        digest_builder() { XXH3_128bits_reset(&state_); }
        void add(std::string_view part) {
            const std::uint64_t size = part.size();
            XXH3_128bits_update(&state_, &size, sizeof size);
            XXH3_128bits_update(&state_, part.data(), part.size());
        }
        [[nodiscard]] detail::digest digest() const { return XXH3_128bits_digest(&state_); }

    private:
        XXH3_state_t state_;
    };

    // The key of node n: its name, version and the fingerprints of what it reads; none (and why
    // in `unknown`) when one of them has no fingerprint.
    std::optional<detail::digest> key_of(std::uint32_t n, const std::byte* state, std::string& unknown) {
        const auto& v = *b_->view_;
        digest_builder key;
        key.add(v.node_name[n]);
        key.add(b_->versions_[n]);
        for (auto k = v.dep_offset[n]; k < v.dep_offset[n + 1]; ++k) {
            if (!b_->selected_[k]) continue;
            const auto s = v.dep_slot[k];
            slot_version known_version;
            {
                std::lock_guard lock(mutex_);
                known_version = versions_[s];
            }
            if (known_version.state == known::not_yet) {
                known_version = fingerprint_given(k, state);
                std::lock_guard lock(mutex_);
                versions_[s] = known_version;
            }
            if (known_version.state == known::ignored) continue;
            if (known_version.state == known::unknown) {
                unknown = known_version.why_unknown.empty()
                              ? fmt::format("'{}' of type {} has no fingerprint", v.slot_name[s], v.slot_type[s])
                              : known_version.why_unknown;
                return std::nullopt;
            }
            if (known_version.state == known::disabled) {
                unknown = fmt::format("'{}' is not cached: disable", v.slot_name[s]);
                return std::nullopt;
            }
            key.add(v.slot_name[s]);
            key.add(std::string_view(reinterpret_cast<const char*>(&known_version.version), sizeof known_version.version));
        }
        return key.digest();
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
