// hamilton/detail/task_pool.hpp: the threads a multithreading executor runs nodes on.
//
// The engine sees only this interface, so that code which never runs on several threads does
// not depend on the thread pool (executor.hpp holds the one users create).
#pragma once

#include <cstddef>
#include <functional>

namespace hamilton::detail {

class task_pool {
public:
    virtual ~task_pool() = default;
    // Runs `task` on one of the pool's threads, some time later.
    virtual void post(std::function<void()> task) = 0;
    [[nodiscard]] virtual std::size_t threads() const noexcept = 0;
    // Is the calling thread one of this pool's? (An execute from inside a node then runs in
    // that thread: waiting for the pool from one of its own threads could wait forever.)
    [[nodiscard]] virtual bool in_pool() const noexcept = 0;
};

}  // namespace hamilton::detail
