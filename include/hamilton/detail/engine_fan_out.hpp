// hamilton/detail/engine_fan_out.hpp: running fan-out blocks in the calling thread: a block's
// units in order, each fan-out's items one after the other, each item in a frame of its own, and
// the values its collect<U> dependencies take gathered item by item.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <new>
#include <utility>
#include <vector>

#include "engine_decl.hpp"

namespace hamilton::detail {

// The values of one fan-out's items that a collect<U> takes, gathered item by item.
class engine::gatherings {
public:
    gatherings(const graph_view& v, const block_plan& body, std::size_t items)
        : view_(&v), body_(&body), items_(items) {
        values_.reserve(body.gathered.size());
        for (const auto& g : body.gathered) values_.push_back(g.ops->create(items));
    }
    gatherings(const gatherings&) = delete;
    gatherings& operator=(const gatherings&) = delete;
    ~gatherings() {
        for (std::size_t i = 0; i < values_.size(); ++i)
            if (values_[i] != nullptr) body_->gathered[i].ops->destroy_gathering(values_[i]);
    }

    [[nodiscard]] std::size_t items() const noexcept { return items_; }

    // Takes item i's values from its frame.
    void put(std::size_t item, std::byte* frame) {
        for (std::size_t i = 0; i < values_.size(); ++i) {
            const auto s = body_->gathered[i].slot;
            body_->gathered[i].ops->put(values_[i], item, frame + view_->slot_offset[s]);
        }
    }

    // Makes each collect<U>, owned by `collected`, and points its slot in the frame `data` at it.
    void finish_into(std::byte* data, collected_values& collected) {
        for (std::size_t i = 0; i < values_.size(); ++i) {
            const auto& g = body_->gathered[i];
            void* gathering = std::exchange(values_[i], nullptr);
            void* value = g.ops->finish(gathering);
            collected.add(value, g.ops->destroy_collected);
            ::new (data + view_->slot_offset[g.slot]) slot_header{value, false};
        }
    }

private:
    const graph_view* view_;
    const block_plan* body_;
    std::size_t items_;
    std::vector<void*> values_;
};

template <class Claim>
void engine::run_items(const call& c, const block_plan& body, const std::byte* outer, Claim&& claim, gatherings& g,
                       std::vector<std::size_t>& items, const std::atomic<bool>* stop) const {
    const auto& v = *view_;
    state_buffer frame(v.state_size, v.state_alignment);
    collected_values frame_collected;
    std::byte* const data = frame.data();
    const auto e_slot = v.node_slot[body.expander];
    const std::byte* const fan_out = outer + v.slot_offset[e_slot];
    auto header = [&](const std::byte* frame_data, std::uint32_t s) {
        return std::launder(reinterpret_cast<const slot_header*>(frame_data + v.slot_offset[s]));
    };
    for (std::size_t i = claim(); i != no_item; i = claim()) {
        if (stop != nullptr && stop->load(std::memory_order_relaxed)) return;
        for (auto s : body.own) ::new (data + v.slot_offset[s]) slot_header{nullptr, false};
        for (auto s : body.imports) ::new (data + v.slot_offset[s]) slot_header{header(outer, s)->current, false};
        ::new (data + v.slot_offset[e_slot]) slot_header{v.slots[e_slot].item_at(fan_out, i), false};
        items.push_back(i);
        struct cleanup {
            const engine& en;
            const block_plan& body;
            std::byte* data;
            collected_values& collected;
            std::vector<std::size_t>& items;
            ~cleanup() {
                const auto& view = *en.view_;
                for (auto s : body.own)
                    if (std::launder(reinterpret_cast<slot_header*>(data + view.slot_offset[s]))->owns)
                        view.slots[s].reset(data + view.slot_offset[s]);
                collected.clear();
                items.pop_back();
            }
        } done{*this, body, data, frame_collected, items};
        run_block(c, body, data, frame_collected, items);
        g.put(i, data);
    }
}

HAMILTON_DETAIL_DECL void engine::run_block(const call& c, const block_plan& b, std::byte* data,
                                           collected_values& collected, std::vector<std::size_t>& items) const {
    for (const auto& u : b.units) {
        if (u.body == none) {
            run_node(c, c.steps.steps[u.step], data, items);
        } else {
            const auto& body = c.steps.blocks[u.body];
            gatherings g(*view_, body, announce_fan_out(c, u.node, data, body, items));
            std::size_t next = 0;
            run_items(c, body, data, [&] { return next < g.items() ? next++ : no_item; }, g, items, nullptr);
            g.finish_into(data, collected);
        }
        for (auto s : u.release) view_->slots[s].reset(data + view_->slot_offset[s]);
    }
}

HAMILTON_DETAIL_DECL std::size_t engine::announce_fan_out(const call& c, std::uint32_t e, const std::byte* data,
                                                         const block_plan& body,
                                                         const std::vector<std::size_t>& items) const {
    const auto s = view_->node_slot[e];
    const auto count = view_->slots[s].item_count(data + view_->slot_offset[s]);
    if (!options_.adapters.empty()) (this->*options_.parts.fan_out_hooks)(c, e, count, body, items);
    return count;
}

}  // namespace hamilton::detail
