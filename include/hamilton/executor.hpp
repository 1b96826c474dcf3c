// hamilton/executor.hpp: how a driver runs the nodes of an execute call.
//
//   hamilton::multithreading_executor pool(4);
//   auto dr = hamilton::builder().with_modules(m).with_executor(pool).build();
//
// synchronous_executor (the default) runs every node in the calling thread. A
// multithreading_executor owns a pool of threads and runs independent nodes, and the items of
// every block, on them while the calling thread waits. Both give the same results in the same
// order. When a node throws, no new node starts, the nodes already running finish, and execute
// rethrows the first error, naming the node and its item. Copies of an executor share its pool,
// so several drivers can share one; the threads end when the last copy (and the last driver
// built with it) goes.
//
// The thread pool's part of the engine (detail/engine_threads.hpp) comes with this header, and
// with_executor(multithreading_executor) points the driver to it: a program that runs no driver
// on a pool neither parses nor compiles it.
//
// The pool is a plain queue of tasks under one mutex, not Boost.Asio's thread_pool, whose
// headers alone took longer to compile than the rest of an empty program. The engine posts few
// tasks (a chain of nodes runs in one task, a fan-out's items are claimed by at most one task
// per thread), so the queue is not where a run spends its time.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "detail/engine_decl.hpp"
#include "detail/task_pool.hpp"
#ifndef HAMILTON_SEPARATE_COMPILATION
#include "detail/engine_threads.hpp"
#endif

namespace hamilton {

// Runs every node in the calling thread, one after the other.
struct synchronous_executor {
    [[nodiscard]] std::shared_ptr<detail::task_pool> pool() const noexcept { return nullptr; }

    // What builder::with_executor does with it.
    friend void use_executor(detail::execution_options& options, const synchronous_executor&) {
        options.pool = nullptr;
        options.parts.run_on_pool = nullptr;
    }
};

// Declared in detail/task_pool.hpp as a class template of one defaulted parameter, so that using
// it without this header is a compile error naming the header; this is the one definition.
// `multithreading_executor pool(4)` deduces it; where a type is named without an initializer
// (a parameter, a data member), write multithreading_executor<>.
template <>
class multithreading_executor<void> {
public:
    // A pool of `threads` threads; 0 means one per hardware thread.
    explicit multithreading_executor(std::size_t threads = 0)
        : pool_(std::make_shared<thread_pool>(threads != 0 ? threads
                                                           : std::max(1u, std::thread::hardware_concurrency()))) {}

    [[nodiscard]] std::size_t threads() const noexcept { return pool_->threads(); }

    // The pool, for the builder.
    [[nodiscard]] const std::shared_ptr<detail::task_pool>& pool() const noexcept { return pool_; }

    // What builder::with_executor does with it: the driver runs on its pool, with the engine's
    // code for it (use_pool).
    friend void use_executor(detail::execution_options& options, const multithreading_executor& executor) {
        options.pool = executor.pool_;
        detail::engine::use_pool(options.parts);
    }

private:
    class thread_pool final : public detail::task_pool {
    public:
        explicit thread_pool(std::size_t threads) {
            workers_.reserve(threads);
            try {
                for (std::size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
            } catch (...) {  // a thread could not start: end those that did
                stop();
                throw;
            }
        }
        // Runs the tasks still queued, also those they post, before the threads end.
        ~thread_pool() override { stop(); }
        thread_pool(const thread_pool&) = delete;
        thread_pool& operator=(const thread_pool&) = delete;

        // The engine's tasks catch what the nodes throw: a task that throws ends the program.
        void post(std::function<void()> task) override {
            {
                std::lock_guard lock(mutex_);
                tasks_.push_back(std::move(task));
            }
            ready_.notify_one();
        }
        [[nodiscard]] std::size_t threads() const noexcept override { return workers_.size(); }
        [[nodiscard]] bool in_pool() const noexcept override { return current() == this; }

    private:
        static const thread_pool*& current() noexcept {
            thread_local const thread_pool* pool = nullptr;
            return pool;
        }

        void work() {
            current() = this;
            std::unique_lock lock(mutex_);
            for (;;) {
                ready_.wait(lock, [&] { return stopping_ || !tasks_.empty(); });
                // Stopping with tasks left: run them. A thread leaves only when none are left,
                // and the thread running the last task comes back for any task it posted.
                if (tasks_.empty()) return;
                auto task = std::move(tasks_.front());
                tasks_.pop_front();
                lock.unlock();
                task();
                task = nullptr;  // what the task holds goes before the lock is taken again
                lock.lock();
            }
        }

        void stop() noexcept {
            {
                std::lock_guard lock(mutex_);
                stopping_ = true;
            }
            ready_.notify_all();
            for (auto& w : workers_) w.join();
        }

        std::mutex mutex_;
        std::condition_variable ready_;
        std::deque<std::function<void()>> tasks_;
        bool stopping_ = false;
        std::vector<std::thread> workers_;  // last: the threads start once the rest is there
    };

    std::shared_ptr<detail::task_pool> pool_;
};

}  // namespace hamilton
