#pragma once
/// \file Diagram classes as flat byte records, so the workers of the parallel search hand whole chunks to the
/// merging thread in one buffer: no heap block allocated by one thread is freed by another (glibc's arenas then
/// fragment and lock, which cost the two-thread search a third more CPU than one thread).
#include "diagrams/diagram.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace nnft::diagrams::detail {

/// Records of one chunk, back to back.
using RecordBuffer = std::vector<unsigned char>;

/// Appends the record of a class met by the search: its canonical key, and the diagram unless a filter dropped it.
void append_record(RecordBuffer& buffer, const std::string& key, const Diagram* diagram);

/// Reads the records of a buffer in order.
class RecordReader {
public:
    /// A reader at the first record of `buffer` (which must outlive it).
    explicit RecordReader(const RecordBuffer& buffer) : at_(buffer.data()), end_(buffer.data() + buffer.size()) {}
    /// Moves to the next record and sets `key` to its key; false when none is left.
    bool next(std::string& key);
    /// The diagram of the current record, or nothing when a filter dropped it.
    std::optional<Diagram> diagram() const;

private:
    const unsigned char* at_;
    const unsigned char* end_;
    const unsigned char* body_ = nullptr;  // the current record's diagram part
};

}  // namespace nnft::diagrams::detail
