// hamilton/executor.hpp: how a driver runs the nodes of an execute call.
//
//   hamilton::multithreading_executor pool(4);
//   auto dr = hamilton::builder().with_modules(m).with_executor(pool).build();
//
// synchronous_executor (the default) runs every node in the calling thread. A
// multithreading_executor owns a pool of threads (Boost.Asio's thread_pool) and runs
// independent nodes, and the items of every block, on them while the calling thread waits.
// Both give the same results in the same order. When a node throws, no new node starts, the
// nodes already running finish, and execute rethrows the first error, naming the node and its
// item. Copies of an executor share its pool, so several drivers can share one; the threads
// end when the last copy (and the last driver built with it) goes.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <memory>
#include <thread>
#include <utility>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "detail/task_pool.hpp"

namespace hamilton {

// Runs every node in the calling thread, one after the other.
struct synchronous_executor {
    [[nodiscard]] std::shared_ptr<detail::task_pool> pool() const noexcept { return nullptr; }
};

class multithreading_executor {
public:
    // A pool of `threads` threads; 0 means one per hardware thread.
    explicit multithreading_executor(std::size_t threads = 0)
        : pool_(std::make_shared<asio_pool>(threads != 0 ? threads
                                                        : std::max(1u, std::thread::hardware_concurrency()))) {}

    [[nodiscard]] std::size_t threads() const noexcept { return pool_->threads(); }

    // The pool, for the builder.
    [[nodiscard]] const std::shared_ptr<detail::task_pool>& pool() const noexcept { return pool_; }

private:
    class asio_pool final : public detail::task_pool {
    public:
        explicit asio_pool(std::size_t threads) : threads_(threads), pool_(threads) {}
        ~asio_pool() override { pool_.join(); }
        asio_pool(const asio_pool&) = delete;
        asio_pool& operator=(const asio_pool&) = delete;

        void post(std::function<void()> task) override {
            boost::asio::post(pool_, [this, task = std::move(task)] {
                current() = this;
                task();
            });
        }
        [[nodiscard]] std::size_t threads() const noexcept override { return threads_; }
        [[nodiscard]] bool in_pool() const noexcept override { return current() == this; }

    private:
        static const asio_pool*& current() noexcept {
            thread_local const asio_pool* pool = nullptr;
            return pool;
        }
        std::size_t threads_;
        boost::asio::thread_pool pool_;
    };

    std::shared_ptr<detail::task_pool> pool_;
};

}  // namespace hamilton
