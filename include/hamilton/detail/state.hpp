// hamilton/detail/state.hpp: the values of one execution, one slot per name in the graph.
//
// The state is one buffer; slot s lives at an offset fixed at compile time. A slot is a small
// header (where its value is, whether it owns it) followed by room for the value. A slot owns
// its value when a node computed it, and refers to the caller's value for an input or
// override (read in place, never copied). The code that runs node E knows at compile time the
// offsets and types of the slots it reads and writes, and depends only on that node's type,
// not on the whole graph's: so graphs of thousands of nodes compile in linear time and size.
#pragma once

#include <algorithm>
#include <any>
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "../config.hpp"
#include "../error.hpp"
#include "always_inline.hpp"
#include "fixed_plan.hpp"
#include "names.hpp"
#include "text_value.hpp"
#include "../node.hpp"
#include "../parallel.hpp"

namespace hamilton::detail {

// Created implicitly in the byte buffer (it is an implicit-lifetime type) and written before
// it is read: by the node computing the slot, or by the binding of an input or override.
struct slot_header {
    const void* current;  // the value, or nullptr when the slot is empty
    bool owns;            // the value lives in this slot and must be destroyed
};

constexpr std::size_t round_up(std::size_t n, std::size_t alignment) { return (n + alignment - 1) / alignment * alignment; }

template <class T>
struct slot_layout {
    static constexpr std::size_t value_offset = round_up(sizeof(slot_header), alignof(T));
    static constexpr std::size_t size = value_offset + sizeof(T);
    static constexpr std::size_t alignment = std::max(alignof(slot_header), alignof(T));
};

// A typed view of the slot at `base`.
template <class T>
class slot_ref {
public:
    explicit slot_ref(std::byte* base) noexcept : base_(base) {}

    [[nodiscard]] slot_header& header() const noexcept { return *std::launder(reinterpret_cast<slot_header*>(base_)); }
    [[nodiscard]] bool empty() const noexcept { return header().current == nullptr; }
    [[nodiscard]] bool owns() const noexcept { return header().owns; }
    [[nodiscard]] const T& get() const noexcept { return *static_cast<const T*>(header().current); }
    [[nodiscard]] T& owned() const noexcept {
        return *std::launder(reinterpret_cast<T*>(base_ + slot_layout<T>::value_offset));
    }
    [[nodiscard]] void* storage() const noexcept { return base_ + slot_layout<T>::value_offset; }

    // Marks the value just constructed in storage() as this slot's own.
    void adopt(const T* value) const noexcept { set_header(value, true); }
    template <class... Args>
    void emplace(Args&&... args) const {
        adopt(::new (storage()) T(std::forward<Args>(args)...));
    }
    void refer(const T& external) const noexcept { set_header(&external, false); }
    void reset() const noexcept {
        if (owns()) owned().~T();
        set_header(nullptr, false);
    }

    // The value for the caller: moved out when this slot owns it, copied when it is the caller's.
    [[nodiscard]] T take() const {
        if (owns()) {
            T out(std::move(owned()));
            reset();
            return out;
        }
        if constexpr (std::is_copy_constructible_v<T>) {
            return T(get());
        } else {
            throw error(fmt::format("the value of type {} was given by the caller and cannot be copied "
                                    "into the results",
                                    type_name<T>()));
        }
    }

private:
    // A new header object, rather than a store through a laundered pointer: the compiler then
    // knows which bytes changed, and keeps values it just computed in registers.
    void set_header(const void* current, bool owns) const noexcept { ::new (base_) slot_header{current, owns}; }

    std::byte* base_;
};

// ---- the type-erased operations on a slot, one set per value type -----------------------------

struct slot_ops {
    // Could bind() take `value`?
    bool (*accepts)(const std::any& value);
    // Points the slot at the value in `value` (a T, or a std::reference_wrapper to one), or holds
    // a T converted from a string literal; false when the type does not fit.
    bool (*bind)(std::byte* slot, const std::any& value);
    // Points the slot at (or converts) a config value; "" on success, else what is wrong.
    std::string (*bind_config)(std::byte* slot, const config_value& value);
    // Moves (or copies, when the slot refers to a caller's value) the value out.
    std::any (*take)(std::byte* slot);
    void (*reset)(std::byte* slot);
    std::string (*type_name)();
    const std::type_info* type;
    // What a node reads from the slot: its item for a parallelizable<T>, else the value itself.
    // With `type`, what build() compares when it links modules compiled in different units.
    const std::type_info* read_type;
    std::size_t size, alignment;  // of the slot, header included (slot_layout)
    bool copyable;  // can be returned by name, in a std::any
    // A copy of the value, for a cache to keep (an empty std::any when it cannot be copied).
    std::any (*copy)(const std::byte* slot);
    // The value its text spells (a number, a string, a comma-separated list...), for command
    // lines; throws std::invalid_argument saying why not. nullptr: the type cannot be read from text.
    std::any (*from_text)(std::string_view text);
    // For a parallelizable<T> (a fan-out's value): how many items, and item i. Else nullptr.
    std::size_t (*item_count)(const std::byte* slot);
    const void* (*item_at)(const std::byte* slot, std::size_t i);
};

template <class T>
bool accepts_any(const std::any& value) {
    if constexpr (std::is_copy_constructible_v<T>) {
        if (std::any_cast<T>(&value) != nullptr) return true;
    }
    if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, std::string_view>) {
        if (std::any_cast<const char*>(&value) != nullptr) return true;
    }
    if constexpr (std::is_same_v<T, std::string_view>) {
        if (std::any_cast<std::string>(&value) != nullptr) return true;
    }
    return std::any_cast<std::reference_wrapper<const T>>(&value) != nullptr ||
           std::any_cast<std::reference_wrapper<T>>(&value) != nullptr;
}

template <class T>
bool bind_any(slot_ref<T> target, const std::any& value) {
    if constexpr (std::is_copy_constructible_v<T>) {
        if (const T* v = std::any_cast<T>(&value)) {
            target.refer(*v);
            return true;
        }
    }
    if (const auto* r = std::any_cast<std::reference_wrapper<const T>>(&value)) {
        target.refer(r->get());
        return true;
    }
    if (const auto* r = std::any_cast<std::reference_wrapper<T>>(&value)) {
        target.refer(r->get());
        return true;
    }
    // {{"path", "data.csv"}} stores a const char*: accept it where a string is expected.
    if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, std::string_view>) {
        if (const auto* text = std::any_cast<const char*>(&value)) {
            target.emplace(*text);
            return true;
        }
    }
    if constexpr (std::is_same_v<T, std::string_view>) {
        if (const auto* text = std::any_cast<std::string>(&value)) {
            target.emplace(*text);
            return true;
        }
    }
    return false;
}

template <class T>
std::string bind_config(slot_ref<T> target, const config_value& value) {
    const auto& v = value.get();
    if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, bool> || std::is_same_v<T, std::int64_t> ||
                  std::is_same_v<T, double> || std::is_same_v<T, config_value::string_list>) {
        if (const T* exact = std::get_if<T>(&v)) {
            target.refer(*exact);
            return {};
        }
    }
    if constexpr (std::is_same_v<T, std::string_view>) {
        if (const auto* text = std::get_if<std::string>(&v)) {
            target.emplace(*text);
            return {};
        }
    } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
        if (const auto* number = std::get_if<std::int64_t>(&v)) {
            if (!std::in_range<T>(*number))
                return fmt::format("({}) does not fit in {}, the type its consumers take", *number, type_name<T>());
            target.emplace(static_cast<T>(*number));
            return {};
        }
    } else if constexpr (std::is_floating_point_v<T>) {
        if (const auto* number = std::get_if<double>(&v)) {
            target.emplace(static_cast<T>(*number));
            return {};
        }
        if (const auto* number = std::get_if<std::int64_t>(&v)) {
            target.emplace(static_cast<T>(*number));
            return {};
        }
    }
    return fmt::format("is {} ({}), but its consumers take {}; give the config value that kind or "
                       "change the parameter's type",
                       value.kind_name(), value.to_string(), type_name<T>());
}

template <class T>
std::any take_any(slot_ref<T> source) {
    if constexpr (std::is_copy_constructible_v<T>) {
        return std::any(source.take());
    } else {
        throw error(fmt::format("a value of type {} cannot be returned by name (std::any needs a copyable "
                                "type); request it with the typed execute<\"name\">(...)",
                                type_name<T>()));
    }
}

template <class T>
constexpr auto from_text_of() -> std::any (*)(std::string_view) {
    if constexpr (readable_from_text<T>) {
        // A string_view slot takes a std::string (bind_any), which owns the characters.
        using held = std::conditional_t<std::is_same_v<T, std::string_view>, std::string, T>;
        return [](std::string_view text) { return std::any(value_of_text<held>(text)); };
    } else {
        return nullptr;
    }
}

template <class T>
constexpr auto item_count_of() -> std::size_t (*)(const std::byte*) {
    if constexpr (is_parallelizable<T>)
        return [](const std::byte* s) { return slot_ref<T>(const_cast<std::byte*>(s)).get().size(); };
    else
        return nullptr;
}

template <class T>
constexpr auto item_at_of() -> const void* (*)(const std::byte*, std::size_t) {
    if constexpr (is_parallelizable<T>)
        return [](const std::byte* s, std::size_t i) -> const void* {
            return &slot_ref<T>(const_cast<std::byte*>(s)).get()[i];
        };
    else
        return nullptr;
}

// Gathers one value per item of a block into the collect<U> a node downstream takes. Items may
// finish in any order (under a multithreading executor), so each value goes to its own index.
struct gather_ops {
    void* (*create)(std::size_t items);
    // Moves (or copies, when the slot refers to a value it does not own) item i's value.
    void (*put)(void* gathering, std::size_t i, std::byte* slot);
    void* (*finish)(void* gathering);  // the collect<U>; frees the gathering
    void (*destroy_gathering)(void* gathering);
    void (*destroy_collected)(void* collected);
};

template <class U>
gather_ops gather_ops_for() {
    using gathering = std::vector<std::optional<U>>;
    return {
        [](std::size_t items) -> void* { return new gathering(items); },
        [](void* g, std::size_t i, std::byte* slot) {
            const slot_ref<U> value(slot);
            if (value.owns()) {
                (*static_cast<gathering*>(g))[i].emplace(std::move(value.owned()));
            } else if constexpr (std::is_copy_constructible_v<U>) {
                (*static_cast<gathering*>(g))[i].emplace(value.get());
            } else {
                throw error(fmt::format("the value of type {} to collect is not owned by its block and cannot "
                                        "be copied", type_name<U>()));
            }
        },
        [](void* g) -> void* {
            std::unique_ptr<gathering> owned(static_cast<gathering*>(g));
            std::vector<U> values;
            values.reserve(owned->size());
            for (auto& v : *owned) values.push_back(std::move(*v));
            return new collect<U>(std::move(values));
        },
        [](void* g) { delete static_cast<gathering*>(g); },
        [](void* c) { delete static_cast<collect<U>*>(c); },
    };
}

// What a node reads from a slot holding a T: the item of a parallelizable<T>, else the T.
template <class T>
struct item_of_slot {
    using type = T;
};
template <class T>
struct item_of_slot<parallelizable<T>> {
    using type = T;
};

template <class T>
constexpr slot_ops slot_ops_for() {
    return {
        &accepts_any<T>,
        [](std::byte* s, const std::any& value) { return bind_any(slot_ref<T>(s), value); },
        [](std::byte* s, const config_value& value) { return bind_config(slot_ref<T>(s), value); },
        [](std::byte* s) { return take_any(slot_ref<T>(s)); },
        [](std::byte* s) { slot_ref<T>(s).reset(); },
        [] { return detail::type_name<T>(); },
        &typeid(T),
        &typeid(typename item_of_slot<T>::type),
        slot_layout<T>::size,
        slot_layout<T>::alignment,
        std::is_copy_constructible_v<T>,
        [](const std::byte* s) -> std::any {
            if constexpr (std::is_copy_constructible_v<T>)
                return std::any(slot_ref<T>(const_cast<std::byte*>(s)).get());
            else
                return {};
        },
        from_text_of<T>(),
        item_count_of<T>(),
        item_at_of<T>(),
    };
}

// The buffer of one execution. Slot headers are written before they are read (see
// slot_header); the engine destroys what the slots still own when the run ends.
class state_buffer {
public:
    state_buffer(std::size_t size, std::size_t alignment)
        : alignment_(alignment),
          data_(static_cast<std::byte*>(::operator new[](std::max<std::size_t>(size, 1), std::align_val_t(alignment)))) {
    }
    state_buffer(const state_buffer&) = delete;
    state_buffer& operator=(const state_buffer&) = delete;
    ~state_buffer() { ::operator delete[](data_, std::align_val_t(alignment_)); }

    [[nodiscard]] std::byte* data() const noexcept { return data_; }

private:
    std::size_t alignment_;
    std::byte* data_;
};

// ---- running one node ---------------------------------------------------------------------------

struct step;

// Runs one node: reads its dependencies from the state, writes its value, releases the
// dependencies whose bit is set in the step's `release`.
using run_function = void (*)(std::byte* state, const step& node);

// One node of an execution plan.
struct step {
    run_function run;
    const void* function;          // the node's callable
    const void* defaults;          // the default values of its optional dependencies
    const std::uint32_t* offsets;  // of its own slot, then of each dependency's slot
    std::uint64_t release;         // bit k: dependency k is read for the last time here
    std::uint32_t node;
};

// What the code running a node needs to know of dependency K at compile time: the type of the
// value in its slot, whether the node reads that slot through another parameter too (then it is
// never moved from), and whether it has a default.
template <class Value, bool Repeated, bool Optional>
struct dependency_kind {
    using value = Value;
};

// The code that runs every node with this callable type, these defaults and these dependency
// kinds: nodes of the same signature share it, whatever their names and slots.
template <class Fn, class Defaults, class Result, class... Dependencies>
struct node_runner;

template <class Value>
const gather_ops* gather_of() {
    if constexpr (is_collect<Value>) {
        static const gather_ops ops = gather_ops_for<typename Value::value_type>();
        return &ops;
    } else {
        return nullptr;
    }
}

template <class Fn, class Defaults, class Result, class... Value, bool... Repeated, bool... Optional>
struct node_runner<Fn, Defaults, Result, dependency_kind<Value, Repeated, Optional>...> {
    // How the engine gathers the collect<U> that dependency k reads, or nullptr.
    static const gather_ops* gather(std::size_t k) {
        static const std::array<const gather_ops*, sizeof...(Value) + 1> ops{gather_of<Value>()..., nullptr};
        return ops[k];
    }

    // Runs a node of the engine's run-time plan.
    static void execute(std::byte* st, const step& s) {
        run<0>(st, s.offsets, s.release, s.function, s.defaults, std::index_sequence_for<Value...>{});
    }

    // Runs a node of a fixed plan (detail/fixed_plan.hpp), inlined where the offsets and release
    // bits are constants; bit k of Computed: dependency k was computed earlier in this run.
    template <std::uint64_t Computed>
    HAMILTON_DETAIL_ALWAYS_INLINE static void execute_fixed(std::byte* st, const std::uint32_t* offsets,
                                                            std::uint64_t release, const void* function,
                                                            const void* defaults) {
        run<Computed>(st, offsets, release, function, defaults, std::index_sequence_for<Value...>{});
    }

private:
    // The argument for parameter K: the slot's value, moved out when this is its last reader and
    // the parameter takes it by value, or the default of an optional dependency. A value
    // `Computed` earlier in this run is known to be in its own slot.
    template <std::size_t K, class T, bool IsRepeated, bool IsOptional, bool Computed>
    HAMILTON_DETAIL_ALWAYS_INLINE static decltype(auto) argument(std::byte* slot, bool last_read,
                                                                 [[maybe_unused]] const void* defaults) {
        using parameter = param_t<Fn, K>;
        using passed =
            std::conditional_t<std::is_lvalue_reference_v<parameter>, parameter, std::remove_cvref_t<parameter>>;
        const slot_ref<T> source(slot);
        if constexpr (is_collect<std::remove_cvref_t<parameter>> && is_parallelizable<T>) {
            // A collect of the fan-out node itself: its items.
            using collected = std::remove_cvref_t<parameter>;
            if constexpr (!std::is_lvalue_reference_v<parameter> && !IsRepeated) {
                if (last_read && source.owns()) return collected(std::move(source.owned()).items());
            }
            if constexpr (std::is_copy_constructible_v<collected>) {
                return collected(source.get().items());
            } else {
                throw error(fmt::format("the items of type {} cannot be copied into a collect, and this is not "
                                        "their last reader; take them as const {}&",
                                        type_name<typename T::value_type>(), type_name<collected>()));
                return collected();
            }
        } else if constexpr (is_collect<T>) {
            // The engine's own collect<U> (see gather_ops): moved to the last reader.
            if constexpr (!std::is_lvalue_reference_v<parameter> && !IsRepeated) {
                if (last_read) return static_cast<passed>(std::move(const_cast<T&>(source.get())));
                if constexpr (!std::is_copy_constructible_v<T>) {
                    throw error(fmt::format("type {} cannot be copied, and several nodes take it by value; take it "
                                            "as const {}&",
                                            type_name<T>(), type_name<T>()));
                }
            }
            if constexpr (std::is_lvalue_reference_v<parameter> || std::is_copy_constructible_v<T>)
                return static_cast<passed>(source.get());
            else
                return static_cast<passed>(std::move(const_cast<T&>(source.get())));  // not reached: thrown above
        } else if constexpr (Computed) {
            if constexpr (!std::is_lvalue_reference_v<parameter> && !IsRepeated) {
                if (last_read) return static_cast<passed>(std::move(source.owned()));
            }
            return static_cast<passed>(std::as_const(source.owned()));
        } else {
            if constexpr (IsOptional) {
                if (source.empty()) return static_cast<passed>(default_at<K>(*static_cast<const Defaults*>(defaults)));
            }
            if constexpr (!std::is_lvalue_reference_v<parameter> && !IsRepeated) {
                if (last_read && source.owns()) return static_cast<passed>(std::move(source.owned()));
            }
            return static_cast<passed>(source.get());
        }
    }

    template <std::uint64_t Computed, std::size_t... K>
    HAMILTON_DETAIL_ALWAYS_INLINE static void run(std::byte* st, const std::uint32_t* offsets, std::uint64_t release,
                                                  const void* function, [[maybe_unused]] const void* defaults,
                                                  std::index_sequence<K...>) {
        const Fn& callable = *static_cast<const Fn*>(function);
        const slot_ref<Result> out(st + offsets[0]);
        out.adopt(::new (out.storage()) Result(std::invoke(
            callable, argument<K, Value, Repeated, Optional, ((Computed >> K) & 1u) != 0>(
                          st + offsets[K + 1], ((release >> K) & 1u) != 0, defaults)...)));
        // A released value is never read again; only one that needs destroying is reset now
        // (the state's cleanup resets any other still marked as owned).
        if (release != 0)
            ((!std::is_trivially_destructible_v<Value> && ((release >> K) & 1u) != 0
                  ? slot_ref<Value>(st + offsets[K + 1]).reset()
                  : void()),
             ...);
    }
};

}  // namespace hamilton::detail
