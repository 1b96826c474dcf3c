// hamilton/error.hpp: the exceptions hamilton-cpp throws.
//
// Every run-time problem is a hamilton::error. One call reports all its problems together
// (every missing input, every wrong type), each as one line of problems(). A node whose
// function throws becomes a hamilton::node_error naming the node, with the original exception
// nested (std::rethrow_if_nested reaches it).
#pragma once

#include <cstddef>
#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "detail/message.hpp"

namespace hamilton {

namespace detail {
// `text` with each control character but the line break written as an escape (\t, \r, else
// \xNN: NUL is \x00). Names and values read at run time (an input or config key, a CSV cell) may
// hold any byte, and a NUL would end what() early and hide the rest of the message: every
// hamilton::error passes its text through here, and so does any other exception that quotes
// such text. Line breaks stay: a nested exception's message keeps its lines.
inline std::string printable(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte >= 0x20 && byte != 0x7f) || c == '\n') out += c;
        else if (c == '\t') out += "\\t";
        else if (c == '\r') out += "\\r";
        else out += detail::message("\\x{:02x}", byte);
    }
    return out;
}
}  // namespace detail

class error : public std::runtime_error {
public:
    // `context` says what was being done ("execute [spend_mean]"); `problems` what went wrong,
    // one each (their control characters are shown escaped, see detail::printable).
    error(const std::string& context, std::vector<std::string> problems)
        : std::runtime_error(format(detail::printable(context), make_printable(problems))),
          problems_(std::move(problems)) {}
    explicit error(const std::string& problem) : error("", {problem}) {}

    [[nodiscard]] const std::vector<std::string>& problems() const noexcept { return problems_; }

private:
    static const std::vector<std::string>& make_printable(std::vector<std::string>& problems) {
        for (auto& p : problems) p = detail::printable(p);
        return problems;
    }

    static std::string format(const std::string& context, const std::vector<std::string>& problems) {
        if (problems.size() == 1)
            return context.empty() ? "hamilton: " + problems.front()
                                   : detail::message("hamilton: {}: {}", context, problems.front());
        std::string text = detail::message("hamilton: {} problems{}{}:", problems.size(),
                                       context.empty() ? "" : " in ", context);
        for (const auto& p : problems) text += "\n  - " + p;
        return text;
    }

    std::vector<std::string> problems_;
};

// A node's function threw. The original exception is nested in this one. A node inside a block
// (see parallel.hpp) also says which item it was running: items() holds the item's index in
// each enclosing fan-out, outermost first.
class node_error : public error {
public:
    node_error(std::string node, std::string function, const std::string& what, std::vector<std::size_t> items = {},
               const std::string& where = {})
        : error(detail::message("node '{}'{} failed{}: {}", node,
                            function == node ? std::string() : detail::message(" (function {})", function),
                            where.empty() ? std::string() : " on " + where, what)),
          node_(std::move(node)),
          function_(std::move(function)),
          items_(std::move(items)) {}

    [[nodiscard]] const std::string& node() const noexcept { return node_; }
    [[nodiscard]] const std::string& function() const noexcept { return function_; }
    [[nodiscard]] const std::vector<std::size_t>& items() const noexcept { return items_; }

private:
    std::string node_;
    std::string function_;
    std::vector<std::size_t> items_;
};

// A lifecycle adapter's hook threw (see adapters.hpp); the adapter's exception is nested in this
// one. adapter() is the adapter's position among the driver's adapters, counting from 1. A node
// hook's error also names the node run: node() and, inside a block, items(), as in node_error;
// both are empty for before_graph and after_graph.
class adapter_error : public error {
public:
    adapter_error(std::string hook, std::size_t adapter, const std::string& adapter_type, std::string node,
                  const std::string& what, std::vector<std::size_t> items = {}, const std::string& where = {})
        : error(detail::message("{} of adapter {} ({}) failed{}{}: {}", hook, adapter, adapter_type,
                            node.empty() ? std::string() : detail::message(" on node '{}'", node),
                            where.empty() ? std::string() : ", " + where, what)),
          hook_(std::move(hook)),
          adapter_(adapter),
          node_(std::move(node)),
          items_(std::move(items)) {}

    [[nodiscard]] const std::string& hook() const noexcept { return hook_; }
    [[nodiscard]] std::size_t adapter() const noexcept { return adapter_; }
    [[nodiscard]] const std::string& node() const noexcept { return node_; }
    [[nodiscard]] const std::vector<std::size_t>& items() const noexcept { return items_; }

private:
    std::string hook_;
    std::size_t adapter_;
    std::string node_;
    std::vector<std::size_t> items_;
};

namespace detail {
// The message of the exception being handled; call it only inside a catch block.
inline std::string current_exception_message() {
    try {
        throw;
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "an exception not derived from std::exception";
    }
}

// The message of the exception being handled, to quote inside another hamilton::error (a node's
// or an adapter's failure): a hamilton::error's without the "hamilton: " it starts with, so that
// the quoting error's own prefix is the only one. Call it only inside a catch block.
inline std::string current_exception_reason() {
    constexpr std::string_view prefix = "hamilton: ";
    try {
        throw;
    } catch (const error& e) {
        const std::string_view what = e.what();
        return std::string(what.starts_with(prefix) ? what.substr(prefix.size()) : what);
    } catch (...) {
        return current_exception_message();
    }
}
}  // namespace detail

}  // namespace hamilton
