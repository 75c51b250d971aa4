/// libFuzzer harness of the theory parser (`--theory`, `--order`): "THEORY\nORDERS". A parsed theory must print to
/// text that parses back to an equal theory, and its terms' symmetry orders must be computable.
#include "diagrams/theory.hpp"
#include "fuzz/harness.hpp"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto lines = nnft::fuzz::split_line(nnft::fuzz::text_of(data, size));
    const std::string& theory_text = lines.first;
    const std::string& orders_text = lines.second;
    return nnft::fuzz::guarded([&] {
        const nnft::diagrams::Theory theory = nnft::diagrams::parse_theory(theory_text);
        for (const auto& term : theory.terms) (void)term.internal_symmetry();
        const nnft::diagrams::Theory again = nnft::diagrams::parse_theory(theory.str());
        if (again.str() != theory.str()) std::abort();  // the printed form must read back to the same theory
        if (!orders_text.empty()) (void)nnft::diagrams::parse_orders(orders_text, theory);
    });
}
