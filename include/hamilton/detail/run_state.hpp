// hamilton/detail/run_state.hpp: the values of one execute call (a state buffer whose slots the
// plan's steps fill), and the collect<U> values its fan-outs gathered; both destroy what they
// still own when they go, also when a node threw midway.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <new>
#include <utility>
#include <vector>

#include "graph_view.hpp"
#include "node_cache.hpp"
#include "plan.hpp"
#include "state.hpp"

namespace hamilton::detail {

// The collect<U> values a frame's fan-outs gathered; destroyed with the frame.
class collected_values {
public:
    collected_values() = default;
    collected_values(const collected_values&) = delete;
    collected_values& operator=(const collected_values&) = delete;
    ~collected_values() { clear(); }

    // Owns `value` from now on, also when this throws.
    void add(void* value, void (*destroy)(void*)) {
        std::lock_guard lock(mutex_);
        try {
            values_.emplace_back(value, destroy);
        } catch (...) {
            destroy(value);
            throw;
        }
    }
    void clear() noexcept {
        for (auto& [value, destroy] : values_) destroy(value);
        values_.clear();
    }

private:
    std::mutex mutex_;  // fan-outs of the top frame finish on several threads
    std::vector<std::pair<void*, void (*)(void*)>> values_;
};

// The values of one execution. Destroys whatever the slots still own when it goes, also when a
// node threw midway: the slots of inputs, overrides, and of the steps that completed.
class run_state {
public:
    run_state(const graph_view& view, std::shared_ptr<const plan> p)
        : view_(&view), plan_(std::move(p)), buffer_(view.state_size, view.state_alignment) {
        for (const auto& in : plan_->inputs) ::new (slot(in.slot)) slot_header{nullptr, false};
        for (auto s : plan_->overridden) ::new (slot(s)) slot_header{nullptr, false};
        // Steps of a block plan complete in no fixed order: every slot starts empty.
        if (!plan_->blocks.empty())
            for (auto s : plan_->blocks.front().own) ::new (slot(s)) slot_header{nullptr, false};
    }
    run_state(const run_state&) = delete;
    run_state& operator=(const run_state&) = delete;
    ~run_state() {
        auto release = [&](std::uint32_t s) {
            if (header(s)->owns) view_->slots[s].reset(slot(s));
        };
        for (const auto& in : plan_->inputs) release(in.slot);
        for (auto s : plan_->overridden) release(s);
        if (!plan_->blocks.empty()) {
            for (auto s : plan_->blocks.front().own) release(s);
        } else if (finished) {  // every other computed value was released by its last reader
            for (auto s : plan_->outputs)
                if (!std::binary_search(plan_->overridden.begin(), plan_->overridden.end(), s)) release(s);
        } else {
            for (std::size_t i = 0; i < completed; ++i) release(view_->node_slot[plan_->steps[i].node]);
        }
    }

    [[nodiscard]] const plan& steps() const noexcept { return *plan_; }
    [[nodiscard]] std::byte* data() const noexcept { return buffer_.data(); }
    [[nodiscard]] std::byte* slot(std::uint32_t s) const noexcept { return buffer_.data() + view_->slot_offset[s]; }

    bool finished = false;      // every step ran
    // Otherwise (plans without blocks): the steps whose slots may own a value, those that ran
    // before one threw (and, run with hooks, that one: its slot was emptied before it ran).
    std::size_t completed = 0;
    collected_values collected;
    // This call's use of the cache, which holds the values taken from the cache that slots refer
    // to: kept until the results are read.
    std::unique_ptr<cache_run> cache;

private:
    [[nodiscard]] slot_header* header(std::uint32_t s) const noexcept {
        return std::launder(reinterpret_cast<slot_header*>(slot(s)));
    }

    const graph_view* view_;
    std::shared_ptr<const plan> plan_;
    state_buffer buffer_;
};

}  // namespace hamilton::detail
