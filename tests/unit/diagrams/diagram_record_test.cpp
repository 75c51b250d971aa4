// The byte records of the parallel search (diagrams/detail/diagram_record.hpp) give back every field of a diagram,
// counts beyond 64 bits included, the keys byte for byte (zero bytes too), and the classes a filter dropped.
#include "diagrams/detail/diagram_record.hpp"
#include "diagrams/generate.hpp"

#include <catch2/catch.hpp>

using namespace nnft::diagrams;

TEST_CASE("diagram records round-trip every field", "[diagrams][parallel]") {
    GenerationOptions opt;
    opt.filter.connected = true;
    auto classes = generate_diagrams(parse_theory("lambda*f^4 + kappa*f^6"), 4, {2, 1}, opt);
    REQUIRE(classes.size() > 10);
    classes[0].multiplicity = Count(1) << 200;  // a count far beyond 64 bits
    classes[1].symmetry_factor = 0;
    detail::RecordBuffer buffer;
    std::vector<std::string> keys;
    for (std::size_t i = 0; i < classes.size(); ++i) {
        keys.push_back(std::string("key\0", 4) + std::to_string(i));
        detail::append_record(buffer, keys.back(), i % 3 == 2 ? nullptr : &classes[i]);
    }
    detail::RecordReader reader(buffer);
    std::size_t i = 0;
    for (std::string key; reader.next(key); ++i) {
        REQUIRE(i < classes.size());
        CHECK(key == keys[i]);
        const auto d = reader.diagram();
        REQUIRE(d.has_value() == (i % 3 != 2));
        if (!d) continue;
        const Diagram& e = classes[i];
        CHECK(d->n_external == e.n_external);
        CHECK(d->external_labels == e.external_labels);
        CHECK(d->edges == e.edges);
        CHECK(d->vertex_counts == e.vertex_counts);
        CHECK(d->symmetry_factor == e.symmetry_factor);
        CHECK(d->multiplicity == e.multiplicity);
        CHECK(d->connected == e.connected);
        CHECK(d->one_pi == e.one_pi);
        CHECK(d->self_energy_free == e.self_energy_free);
        REQUIRE(d->points.size() == e.points.size());
        for (std::size_t p = 0; p < e.points.size(); ++p) {
            CHECK(d->points[p].term == e.points[p].term);
            CHECK(d->points[p].vertex == e.points[p].vertex);
            CHECK(d->points[p].slot == e.points[p].slot);
            CHECK(d->points[p].degree == e.points[p].degree);
        }
    }
    CHECK(i == classes.size());
}
