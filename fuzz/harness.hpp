#pragma once
/// \file Shared by the libFuzzer harnesses (docs/testing.md): the input as text, and the one rule of every harness —
/// a parser may refuse its input only with nnft::Error; any other exception, a crash or undefined behaviour is a bug.
#include "common/error.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace nnft::fuzz {

/// The fuzzer's bytes as text (embedded NULs kept: parsers must cope with them).
inline std::string text_of(const std::uint8_t* data, std::size_t size) {
    return std::string(reinterpret_cast<const char*>(data), size);
}

/// Split `text` at its first newline: (before, after); after is empty when there is none.
inline std::pair<std::string, std::string> split_line(const std::string& text) {
    const std::size_t nl = text.find('\n');
    if (nl == std::string::npos) return {text, {}};
    return {text.substr(0, nl), text.substr(nl + 1)};
}

/// Run `parse`; a clean refusal (nnft::Error) is an accepted outcome, anything else escapes to libFuzzer.
template <class F>
int guarded(F&& parse) {
    try {
        parse();
    } catch (const nnft::Error&) {
    }
    return 0;
}

}  // namespace nnft::fuzz
