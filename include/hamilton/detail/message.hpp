// hamilton/detail/message.hpp: the text of the library's messages, formatted.
#pragma once

#include <string>

#include <fmt/format.h>

namespace hamilton::detail {

// fmt::format for the messages of code that every program including the library compiles (the
// engine, config, errors): the format string is read when a message is made, not checked at
// compile time. fmt::format's compile-time check instantiates a parser for each call site and
// its argument types, a measurable part of compiling <hamilton/hamilton.hpp>. The tests make
// each message, so a format string that does not fit its arguments fails them.
template <class... Args>
std::string message(fmt::string_view format, const Args&... args) {
    return fmt::vformat(format, fmt::make_format_args(args...));
}

}  // namespace hamilton::detail
