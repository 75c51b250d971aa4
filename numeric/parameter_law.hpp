#pragma once
/// \file The law of one group of network parameters (docs/physics-setup.md §1): normal, uniform, zero,
/// and two symmetric non-Gaussian laws with a known fourth cumulant (Rademacher, scaled Student-t).
/// Every law is drawn as a transform of one standard normal variate, so the sampler's counter-based
/// normal streams serve all laws and a network is the same whatever thread draws it.
#include <cstddef>
#include <string>
#include <string_view>

namespace nnft::numeric {

/// Which family a ParameterLaw belongs to.
enum class LawKind { normal, uniform, zero, rademacher, student_t };

/// The distribution of a parameter w before any fan-in scaling (a weight is used as
/// W = mean + (w − mean)/√fan_in; a bias as drawn). A small immutable value type.
class ParameterLaw {
public:
    /// N(0, 1).
    ParameterLaw() = default;
    /// N(mean, sd²); sd = 0 gives the constant `mean`.
    static ParameterLaw normal(double mean, double sd);
    /// Uniform on [lo, hi] (lo < hi); cos-net phases are uniform(−π, π).
    static ParameterLaw uniform(double lo, double hi);
    /// The constant 0: the parameter is absent.
    static ParameterLaw zero();
    /// ±scale with probability ½ each (excess kurtosis −2).
    static ParameterLaw rademacher(double scale);
    /// sd·√((ν−2)/ν)·T_ν, a Student-t scaled to standard deviation sd (ν > 2; κ₄ = 6 sd⁴/(ν−4) for ν > 4).
    static ParameterLaw student_t(double nu, double sd);

    /// The family.
    LawKind kind() const noexcept { return kind_; }
    /// E[w].
    double mean() const noexcept;
    /// √Var[w] (0 for constants).
    double sd() const noexcept;
    /// The n-th cumulant κ_n of w, n = 1…6 (+∞ where the moment does not exist: Student-t with ν ≤ n).
    double cumulant(int n) const;
    /// True for normal laws (constants included): the parameter is Gaussian.
    bool is_gaussian() const noexcept { return kind_ == LawKind::normal || kind_ == LawKind::zero; }
    /// True when w − mean is symmetric about 0 (every law here is).
    bool is_symmetric() const noexcept { return true; }
    /// (w − mean)/sd for the w drawn from the standard normal variate z (0 when sd = 0); z itself for
    /// normal laws, so their draws are unchanged.
    double standardised(double z) const;
    /// The law as it is written on the command line and in JSON: "normal(0,1)", "uniform(-3.14159…,…)".
    std::string text() const;
    /// The ν of a Student-t law (0 otherwise).
    double degrees_of_freedom() const noexcept { return kind_ == LawKind::student_t ? a_ : 0.0; }
    /// Same family and parameters.
    friend bool operator==(const ParameterLaw&, const ParameterLaw&) = default;

private:
    ParameterLaw(LawKind kind, double a, double b) : kind_(kind), a_(a), b_(b) {}
    LawKind kind_ = LawKind::normal;
    double a_ = 0.0;  // normal: mean; uniform: lo; rademacher: scale; student_t: ν
    double b_ = 1.0;  // normal: sd;   uniform: hi; student_t: sd
};

/// The unscaled Student-t draw map T_ν(z) = F_ν⁻¹(Φ(z)) (ν > 2): interpolated from a per-ν table (a few ns),
/// or with `exact` from Boost's quantile (~4 µs); they agree to ~1e-10 relative.
double student_t_quantile_map(double nu, double z, bool exact = false);

/// How many per-ν tables student_t_quantile_map keeps at most (least recently used out; a table is ~120 kB and
/// rebuilt in ~15 ms when its ν comes back).
inline constexpr std::size_t kStudentTMaps = 16;

/// The per-ν tables cached now (at most kStudentTMaps).
std::size_t student_t_maps_cached();

/// Parse "normal(mu,sigma)", "uniform(a,b)", "zero", "rademacher(s)" or "student_t(nu,sd)"; a number may
/// be written with π ("-pi", "2*pi", "pi/2"). Throws nnft::Error naming the problem and the accepted forms.
ParameterLaw parse_law(std::string_view text);

}  // namespace nnft::numeric
