// hamilton/detail/engine_threads.hpp: running an execution on a thread pool (task_pool.hpp): the
// units of the top block start as the units they wait for finish, a fan-out's items are shared
// among threads, and the first error stops new work and is rethrown by the calling thread.
// Included by executor.hpp only, and compiled only in a program that calls
// with_executor(multithreading_executor) (use_pool).
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "engine_decl.hpp"
#include "engine_fan_out.hpp"

namespace hamilton::detail {

// The top block of one execute call on the pool. Each unit starts once the units it waits for
// are done. A thread that finishes a unit goes on with one of the units that were waiting for
// it and posts the others, and the calling thread works too: a chain costs no hand-over
// between threads. A fan-out's items are claimed one by one by the thread that reached it and
// by at most one posted task per pool thread, so a trivial item costs no task of its own.
// The call returns once the work is done (or failed and nothing runs any more), without
// waiting for posted tasks that have not started: those find the run over and return, so
// they hold this object by shared_ptr and touch nothing else.
class engine::threaded_run : public std::enable_shared_from_this<engine::threaded_run> {
public:
    threaded_run(const engine& en, const call& c)
        : en_(en), c_(c), top_(c.steps.blocks.front()), waits_(top_.units.size()),
          readers_(en.view_->slot_count), fan_outs_(top_.units.size()), units_left_(top_.units.size()) {
        for (std::size_t u = 0; u < top_.units.size(); ++u) waits_[u].store(top_.units[u].waits_for);
        for (std::size_t s = 0; s < readers_.size(); ++s) readers_[s].store(c.steps.readers[s]);
    }

    // Returns when every unit ran, or rethrows the first error once nothing runs any more.
    void run() {
        busy_ = 1;  // this thread
        std::uint32_t mine = none;
        for (std::uint32_t u = 0; u < top_.units.size(); ++u) {
            if (top_.units[u].waits_for != 0) continue;
            if (mine == none)
                mine = u;
            else
                start(u);
        }
        continue_from(mine);
        std::unique_lock lock(mutex_);
        --busy_;
        done_.wait(lock, [&] { return finished(); });
        over_ = true;
        fan_outs_.clear();  // what was gathered goes here, not on a pool thread later
        // Taken out, so that a posted task holding this object last does not destroy the
        // exception while the caller reads it.
        if (auto error = std::exchange(error_, nullptr)) std::rethrow_exception(error);
    }

private:
    struct fan_out {
        fan_out(const graph_view& v, const block_plan& body, std::size_t items) : values(v, body, items) {}
        gatherings values;
        std::atomic<std::size_t> next_item{0};
        std::atomic<std::size_t> items_done{0};
    };

    [[nodiscard]] bool finished() const { return busy_ == 0 && (units_left_.load() == 0 || error_); }

    void post(std::function<void()> task) {
        en_.options_.pool->post([self = shared_from_this(), task = std::move(task)] {
            {
                std::lock_guard lock(self->mutex_);
                if (self->over_) return;
                ++self->busy_;
            }
            task();
            std::lock_guard lock(self->mutex_);  // notified under the lock: run() may return right after
            if (--self->busy_ == 0 && self->finished()) self->done_.notify_all();
        });
    }

    void start(std::uint32_t u) {
        post([this, u] { continue_from(u); });
    }

    // Runs unit u in this thread, then a unit it made ready, and so on.
    void continue_from(std::uint32_t u) {
        while (u != none) u = run_unit(u);
    }

    // Runs unit u; returns a unit it made ready, for this thread to run next, or none.
    std::uint32_t run_unit(std::uint32_t u) {
        if (stop_.load()) return none;
        const auto& unit = top_.units[u];
        if (unit.body != none) return start_fan_out(u);
        try {
            en_.run_node(c_, c_.steps.steps[unit.step], c_.state.data(), no_items);
        } catch (...) {
            fail();
            return none;
        }
        return complete(u);
    }

    std::uint32_t start_fan_out(std::uint32_t u) {
        const auto& unit = top_.units[u];
        const auto& body = c_.steps.blocks[unit.body];
        std::size_t items = 0;
        try {
            items = en_.announce_fan_out(c_, unit.node, c_.state.data(), body, no_items);
            fan_outs_[u] = std::make_unique<fan_out>(*en_.view_, body, items);
        } catch (...) {
            fail();
            return none;
        }
        if (items == 0) return finish_fan_out(u);
        const std::size_t helpers = std::min(items - 1, en_.options_.pool->threads());
        for (std::size_t k = 0; k < helpers; ++k) post([this, u] { continue_from(work_on(u)); });
        return work_on(u);
    }

    // Runs items of unit u's fan-out while there are any; the thread that completes the last
    // item finishes the fan-out.
    std::uint32_t work_on(std::uint32_t u) {
        auto& f = *fan_outs_[u];
        const auto count = f.values.items();
        bool holding = false, last = false;
        std::vector<std::size_t> items_path;
        try {
            en_.run_items(
                c_, c_.steps.blocks[top_.units[u].body], c_.state.data(),
                [&] {
                    if (holding) {  // the item claimed before is done
                        holding = false;
                        last = f.items_done.fetch_add(1, std::memory_order_acq_rel) + 1 == count;
                        if (last) return no_item;
                    }
                    const auto i = f.next_item.fetch_add(1, std::memory_order_relaxed);
                    if (i >= count) return no_item;
                    holding = true;
                    return i;
                },
                f.values, items_path, &stop_);
        } catch (...) {
            fail();
        }
        return last ? finish_fan_out(u) : none;
    }

    std::uint32_t finish_fan_out(std::uint32_t u) {
        if (stop_.load()) return none;
        try {
            fan_outs_[u]->values.finish_into(c_.state.data(), c_.state.collected);
        } catch (...) {
            fail();
            return none;
        }
        return complete(u);
    }

    // Unit u is done: releases what nobody reads any more, starts the units that waited for
    // it, and returns one of them for this thread.
    std::uint32_t complete(std::uint32_t u) {
        const auto& unit = top_.units[u];
        for (auto s : unit.reads)
            if (c_.steps.readers[s] != 0 && readers_[s].fetch_sub(1, std::memory_order_acq_rel) == 1)
                en_.view_->slots[s].reset(c_.state.slot(s));
        std::uint32_t mine = none;
        for (auto w : unit.next) {
            if (waits_[w].fetch_sub(1, std::memory_order_acq_rel) != 1) continue;
            if (mine == none)
                mine = w;
            else
                start(w);
        }
        units_left_.fetch_sub(1, std::memory_order_acq_rel);
        return mine;
    }

    // Called in a catch block: keeps the first error and stops starting new work.
    void fail() {
        std::lock_guard lock(mutex_);
        if (!error_) error_ = std::current_exception();
        stop_.store(true);
    }

    const engine& en_;
    const call& c_;
    const block_plan& top_;
    std::vector<std::atomic<std::uint32_t>> waits_;
    std::vector<std::atomic<std::uint32_t>> readers_;
    std::vector<std::unique_ptr<fan_out>> fan_outs_;
    std::atomic<std::size_t> units_left_;
    std::mutex mutex_;
    std::condition_variable done_;
    std::size_t busy_ = 0;  // threads running work of this call
    bool over_ = false;     // run() returned: tasks starting now do nothing
    std::exception_ptr error_;
    std::atomic<bool> stop_{false};
};

HAMILTON_DETAIL_DECL void engine::use_pool(engine_parts& parts) { parts.run_on_pool = &engine::run_on_pool; }

HAMILTON_DETAIL_DECL void engine::run_on_pool(const call& c) const { std::make_shared<threaded_run>(*this, c)->run(); }

}  // namespace hamilton::detail
