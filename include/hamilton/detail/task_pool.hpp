// hamilton/detail/task_pool.hpp: the threads a multithreading executor runs nodes on, and the
// declaration of hamilton::multithreading_executor, which executor.hpp defines.
//
// The engine sees only this interface, so that code which never runs on several threads does
// not depend on the thread pool (executor.hpp holds the one users create).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>

#include "../compile_error.hpp"

namespace hamilton {

namespace detail {

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

struct execution_options;

}  // namespace detail

// Runs independent nodes, and the items of every block, on a pool of threads: defined in
// <hamilton/executor.hpp> (the specialization for void; `multithreading_executor pool(4)` deduces
// it). Without that header, this primary template is the one used, and its static_assert names
// the header: the compile error is that line, not "not a member of hamilton". Its members are
// stand-ins, so that the code around it compiles and the static_assert is the one error.
template <class Dependent = void>
class multithreading_executor {
    static_assert(compile_error::always_false<Dependent>,
                  "hamilton: multithreading_executor is defined in <hamilton/executor.hpp>; "
                  "#include <hamilton/executor.hpp>");

public:
    explicit multithreading_executor(std::size_t = 0) {}
    [[nodiscard]] std::size_t threads() const noexcept { return 0; }
    [[nodiscard]] std::shared_ptr<detail::task_pool> pool() const noexcept { return nullptr; }
    friend void use_executor(detail::execution_options&, const multithreading_executor&) {}
};

}  // namespace hamilton
