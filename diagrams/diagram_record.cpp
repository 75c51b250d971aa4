#include "diagrams/detail/diagram_record.hpp"

#include "common/error.hpp"

#include <cstdint>
#include <cstring>
#include <iterator>

namespace nnft::diagrams::detail {

namespace {

// Record: u32 length of the rest, u32 key length, the key, u8 "has a diagram", then the diagram's fields.

void put_u32(RecordBuffer& b, std::uint32_t v) {
    unsigned char bytes[4];
    std::memcpy(bytes, &v, 4);
    b.insert(b.end(), bytes, bytes + 4);
}

std::uint32_t get_u32(const unsigned char*& p) {
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    p += 4;
    return v;
}

void put_ints(RecordBuffer& b, const std::vector<int>& v) {
    put_u32(b, static_cast<std::uint32_t>(v.size()));
    for (int x : v) put_u32(b, static_cast<std::uint32_t>(x));
}

std::vector<int> get_ints(const unsigned char*& p) {
    std::vector<int> v(get_u32(p));
    for (int& x : v) x = static_cast<int>(get_u32(p));
    return v;
}

// A non-negative Count as a u32 byte length and its big-endian bytes.
void put_count(RecordBuffer& b, const Count& c) {
    NNFT_ASSERT(c >= 0);
    const std::size_t at = b.size();
    put_u32(b, 0);
    boost::multiprecision::export_bits(c, std::back_inserter(b), 8);
    const auto bytes = static_cast<std::uint32_t>(b.size() - at - 4);
    std::memcpy(b.data() + at, &bytes, 4);
}

Count get_count(const unsigned char*& p) {
    const std::uint32_t bytes = get_u32(p);
    Count c;
    boost::multiprecision::import_bits(c, p, p + bytes, 8);
    p += bytes;
    return c;
}

void put_diagram(RecordBuffer& b, const Diagram& d) {
    put_u32(b, static_cast<std::uint32_t>(d.n_external));
    put_ints(b, d.external_labels);
    put_u32(b, static_cast<std::uint32_t>(d.points.size()));
    for (const Point& pt : d.points)
        for (int x : {pt.term, pt.vertex, pt.slot, pt.degree}) put_u32(b, static_cast<std::uint32_t>(x));
    put_u32(b, static_cast<std::uint32_t>(d.edges.size()));
    for (const Edge& e : d.edges)
        for (int x : {e.a, e.b, e.multiplicity}) put_u32(b, static_cast<std::uint32_t>(x));
    put_ints(b, d.vertex_counts);
    put_count(b, d.symmetry_factor);
    put_count(b, d.multiplicity);
    b.push_back(static_cast<unsigned char>((d.connected ? 1 : 0) | (d.one_pi ? 2 : 0) | (d.self_energy_free ? 4 : 0)));
}

}  // namespace

void append_record(RecordBuffer& buffer, const std::string& key, const Diagram* diagram) {
    const std::size_t at = buffer.size();
    put_u32(buffer, 0);
    put_u32(buffer, static_cast<std::uint32_t>(key.size()));
    buffer.insert(buffer.end(), key.begin(), key.end());
    buffer.push_back(diagram ? 1 : 0);
    if (diagram) put_diagram(buffer, *diagram);
    const auto rest = static_cast<std::uint32_t>(buffer.size() - at - 4);
    std::memcpy(buffer.data() + at, &rest, 4);
}

bool RecordReader::next(std::string& key) {
    if (at_ == end_) return false;
    const unsigned char* p = at_;
    const std::uint32_t rest = get_u32(p);
    at_ = p + rest;
    NNFT_ASSERT(at_ <= end_);
    const std::uint32_t key_size = get_u32(p);
    key.assign(reinterpret_cast<const char*>(p), key_size);
    body_ = p + key_size;
    return true;
}

std::optional<Diagram> RecordReader::diagram() const {
    const unsigned char* p = body_;
    if (*p++ == 0) return std::nullopt;
    Diagram d;
    d.n_external = static_cast<int>(get_u32(p));
    d.external_labels = get_ints(p);
    d.points.resize(get_u32(p));
    for (Point& pt : d.points)
        for (int* x : {&pt.term, &pt.vertex, &pt.slot, &pt.degree}) *x = static_cast<int>(get_u32(p));
    d.edges.resize(get_u32(p));
    for (Edge& e : d.edges)
        for (int* x : {&e.a, &e.b, &e.multiplicity}) *x = static_cast<int>(get_u32(p));
    d.vertex_counts = get_ints(p);
    d.symmetry_factor = get_count(p);
    d.multiplicity = get_count(p);
    const unsigned char flags = *p++;
    d.connected = (flags & 1) != 0;
    d.one_pi = (flags & 2) != 0;
    d.self_energy_free = (flags & 4) != 0;
    NNFT_ASSERT(p == at_);
    return d;
}

}  // namespace nnft::diagrams::detail
