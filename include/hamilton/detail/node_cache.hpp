// hamilton/detail/node_cache.hpp: what the engine asks of a cache (cache.hpp holds the one users
// create), and the per-node behaviours a builder gives it.
//
// The engine sees only this interface, so that graphs without a cache compile none of it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hamilton {

// The tag that gives a node its cache version: `.tag(hamilton::version_tag, "2")`.
inline constexpr std::string_view version_tag = "hamilton.version";

// Python Hamilton's caching behaviours, per node, given to builder().with_cache(cache, ...).
// A node named in none of the lists has the default behaviour: its value is taken from the
// cache when its key (name, version, its dependencies' values) is there, else computed and kept.
struct cache_behaviors {
    std::vector<std::string> recompute{};  // always computed, then kept
    std::vector<std::string> disable{};    // as without a cache; nodes reading it are computed too
    std::vector<std::string> ignore{};     // as without a cache, and left out of its readers' keys
};

namespace detail {

struct graph_view;

// One execute call's use of a cache. Called for nodes outside blocks, from the thread that runs
// the node; two nodes may be handled at once under a multithreading executor. The engine keeps
// it until the call's results are read: a value restore() points a slot at must live as long.
class cache_run {
public:
    virtual ~cache_run() = default;
    // Before node n runs: true when its value was found and put in its slot (then n is not run).
    virtual bool restore(std::uint32_t node, std::byte* state) = 0;
    // After node n ran: its value is in its slot.
    virtual void store(std::uint32_t node, std::byte* state) = 0;
};

// A cache bound to one driver's graph and behaviours.
class bound_cache {
public:
    virtual ~bound_cache() = default;
    [[nodiscard]] virtual std::unique_ptr<cache_run> begin(std::uint64_t run_id) const = 0;
};

// What the engine tells a cache of each node when it binds it.
struct cached_node {
    bool active;                  // under the driver's config
    std::string_view version;     // the node's version_tag tag, or "" when it has none
};

class node_cache {
public:
    virtual ~node_cache() = default;
    // Appends to `problems` a line per behaviour naming no active node.
    // `dependency_selected[d]`: is dependency d wired under the config (see config_group).
    [[nodiscard]] virtual std::shared_ptr<const bound_cache> bind(const graph_view& view,
                                                                  const std::vector<cached_node>& nodes,
                                                                  const std::vector<bool>& dependency_selected,
                                                                  const cache_behaviors& behaviors,
                                                                  std::vector<std::string>& problems) const = 0;
};

}  // namespace detail
}  // namespace hamilton
