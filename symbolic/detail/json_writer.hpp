#pragma once
/// \file A JSON text writer in nlohmann::json's dump() layout (compact or indented), one value at a time, so
/// that long documents can be written without building them in memory first.
#include <string>
#include <string_view>
#include <vector>

namespace nnft::symbolic::detail {

/// Appends JSON text to a string exactly as nlohmann::json::dump(indent) lays it out (indent < 0: compact).
/// Keys and values are passed as JSON text (strings already quoted and escaped); objects' keys must come in
/// sorted order to match nlohmann's std::map-ordered objects. `depth` is the nesting level the first value
/// starts at (for values placed inside an outer document by hand).
class JsonWriter {
public:
    /// Appends to `out`; `indent` spaces per level (< 0: compact); `depth` levels already open.
    JsonWriter(std::string& out, int indent, int depth = 0) : out_(out), indent_(indent), depth_(depth) {}
    /// Opens an object as the next value.
    void begin_object() { open('{'); }
    /// Closes the innermost object.
    void end_object() { close('}'); }
    /// Opens an array as the next value.
    void begin_array() { open('['); }
    /// Closes the innermost array.
    void end_array() { close(']'); }
    /// The next key of the innermost object, as JSON text ("\"name\"").
    void key(std::string_view quoted) {
        separate();
        out_ += quoted;
        out_ += indent_ < 0 ? ":" : ": ";
        after_key_ = true;
    }
    /// The next value, as JSON text (a number, true/false or a quoted string).
    void value(std::string_view text) {
        separate();
        out_ += text;
    }
    /// The next value: an integer.
    void value(long long v) { value(std::string_view(std::to_string(v))); }
    /// The next value: a quoted string that needs no escaping (digits, signs, '/').
    void plain_string(std::string_view s) {
        separate();
        out_ += '"';
        out_ += s;
        out_ += '"';
    }

private:
    void newline(std::size_t levels) {
        if (indent_ < 0) return;
        out_ += '\n';
        out_.append(static_cast<std::size_t>(indent_) * levels, ' ');
    }
    void separate() {
        if (after_key_) {
            after_key_ = false;
            return;
        }
        if (empty_.empty()) return;
        if (!empty_.back()) out_ += ',';
        empty_.back() = false;
        newline(static_cast<std::size_t>(depth_) + empty_.size());
    }
    void open(char c) {
        separate();
        out_ += c;
        empty_.push_back(true);
    }
    void close(char c) {
        const bool was_empty = empty_.back();
        empty_.pop_back();
        if (!was_empty) newline(static_cast<std::size_t>(depth_) + empty_.size());
        out_ += c;
    }

    std::string& out_;
    int indent_;
    int depth_;
    bool after_key_ = false;
    std::vector<bool> empty_;  // per open container: nothing written in it yet
};

}  // namespace nnft::symbolic::detail
