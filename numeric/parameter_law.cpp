#include "numeric/parameter_law.hpp"

#include "common/error.hpp"

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <list>
#include <memory>
#include <mutex>
#include <numbers>
#include <vector>

namespace nnft::numeric {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
const char* const kLawForms = "normal(mu,sigma), uniform(a,b), zero, rademacher(s) or student_t(nu,sd)";

// Shortest text that reads back as the same double.
std::string number_text(double v) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string_view::npos) return {};
    return std::string(s.substr(b, s.find_last_not_of(" \t") - b + 1));
}

// A plain number, or a multiple of π: "pi", "-pi", "2*pi", "2pi", "pi/2", "-3*pi/4".
double law_number(const std::string& text, std::string_view law) {
    auto fail = [&] {
        return Error("parameter '" + text + "' of law '" + std::string(law) +
                     "' is not a number: write a decimal number or a multiple of pi (2*pi, -pi/2)");
    };
    std::string s = text;
    double sign = 1.0;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        sign = s[0] == '-' ? -1.0 : 1.0;
        s.erase(0, 1);
    }
    const auto pi_at = s.find("pi");
    double factor = 1.0, divisor = 1.0;
    std::string head = pi_at == std::string::npos ? s : s.substr(0, pi_at);
    if (pi_at != std::string::npos) {
        factor = std::numbers::pi;
        std::string tail = s.substr(pi_at + 2);
        if (!tail.empty()) {
            if (tail[0] != '/' || tail.size() < 2) throw fail();
            const char* end = tail.data() + tail.size();
            if (std::from_chars(tail.data() + 1, end, divisor).ptr != end || divisor == 0.0) throw fail();
        }
        if (!head.empty() && head.back() == '*') head.pop_back();
    }
    double value = 1.0;
    if (!head.empty()) {
        const char* end = head.data() + head.size();
        if (std::from_chars(head.data(), end, value).ptr != end) throw fail();
    } else if (pi_at == std::string::npos) {
        throw fail();
    }
    const double out = sign * value * factor / divisor;
    if (!std::isfinite(out)) throw fail();
    return out;
}

// Name and comma-separated arguments of "name(a,b)"; just the name when there are no parentheses.
std::pair<std::string, std::vector<double>> split_law(std::string_view text) {
    const std::string t = trim(text);
    const auto open = t.find('(');
    if (open == std::string::npos) return {t, {}};
    if (t.back() != ')')
        throw Error("law '" + t + "' has no closing ')': write it as " + kLawForms);
    std::vector<double> args;
    const std::string inner = t.substr(open + 1, t.size() - open - 2);
    for (std::size_t start = 0;;) {
        const auto comma = inner.find(',', start);
        args.push_back(law_number(trim(inner.substr(start, comma - start)), t));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return {trim(t.substr(0, open)), args};
}

// The Student-t draw map z ↦ T_ν(z) = F_ν⁻¹(Φ(z)) for z ≥ 0 (odd in z) on a grid of step 1/128 up to z = 30,
// with cubic Hermite interpolation (slopes from dT/dz = φ(z)/f_ν(T)) of T itself below z = 1 and of log T
// above, where T grows like exp(z²/2ν). Boost's quantile costs ~4 µs, the table a few ns (built once per ν:
// ~15 ms), and agrees with it to ~1e-10 relative (tests/unit/numeric/parameter_law_test.cpp). Beyond the grid
// the quantile is called directly.
class StudentTMap {
public:
    explicit StudentTMap(double nu) : law_(nu) {
        const std::size_t n = static_cast<std::size_t>(kMaxZ / kStep) + 1;
        for (auto* v : {&t_, &slope_, &log_t_, &log_slope_}) v->resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            const double z = static_cast<double>(i) * kStep, t = exact(z);
            t_[i] = t;
            slope_[i] = std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi) / boost::math::pdf(law_, t);
            log_t_[i] = std::log(t);
            log_slope_[i] = slope_[i] / t;
        }
    }
    /// T_ν(z) for z ≥ 0.
    double operator()(double z) const {
        if (!(z < kMaxZ)) return exact(z);
        const double u = z / kStep;
        const auto i = static_cast<std::size_t>(u);
        const double s = u - static_cast<double>(i), h = kStep;
        const double h00 = (1 + 2 * s) * (1 - s) * (1 - s), h10 = s * (1 - s) * (1 - s), h01 = s * s * (3 - 2 * s),
                     h11 = s * s * (s - 1);
        if (z < kLogFrom) return h00 * t_[i] + h10 * h * slope_[i] + h01 * t_[i + 1] + h11 * h * slope_[i + 1];
        return std::exp(h00 * log_t_[i] + h10 * h * log_slope_[i] + h01 * log_t_[i + 1] + h11 * h * log_slope_[i + 1]);
    }
    /// T_ν(z) for z ≥ 0 from Boost's quantile of the lower tail Φ(−z) (full relative precision in the tail).
    double exact(double z) const {
        const double p = 0.5 * std::erfc(z / std::numbers::sqrt2);
        return p <= 0.0 ? kInf : -boost::math::quantile(law_, p);
    }

private:
    static constexpr double kStep = 1.0 / 128.0, kMaxZ = 30.0, kLogFrom = 1.0;  // kLogFrom is a grid node
    boost::math::students_t_distribution<double> law_;
    std::vector<double> t_, slope_, log_t_, log_slope_;
};

// The maps of the most recently used ν, at most kStudentTMaps of them (each ~120 kB), so that a long-lived process
// drawing from many different ν (Python calling sample with each) stays bounded; least recently used first out.
// A thread keeps a reference to the last map it used, so the hot loop takes no lock and an evicted map lives on
// until its last user moves on.
struct StudentTCache {
    std::mutex mutex;
    std::list<std::pair<double, std::shared_ptr<const StudentTMap>>> maps;  // most recently used first
};

StudentTCache& student_t_cache() {
    static StudentTCache cache;
    return cache;
}

const StudentTMap& student_t_map(double nu) {
    thread_local double last_nu = 0.0;
    thread_local std::shared_ptr<const StudentTMap> last;
    if (last && last_nu == nu) return *last;
    StudentTCache& cache = student_t_cache();
    std::lock_guard<std::mutex> lock(cache.mutex);
    auto it = std::find_if(cache.maps.begin(), cache.maps.end(), [nu](const auto& m) { return m.first == nu; });
    if (it == cache.maps.end()) {
        cache.maps.emplace_front(nu, std::make_shared<const StudentTMap>(nu));
        if (cache.maps.size() > kStudentTMaps) cache.maps.pop_back();
    } else {
        cache.maps.splice(cache.maps.begin(), cache.maps, it);
    }
    last_nu = nu;
    last = cache.maps.front().second;
    return *last;
}

}  // namespace

std::size_t student_t_maps_cached() {
    StudentTCache& cache = student_t_cache();
    std::lock_guard<std::mutex> lock(cache.mutex);
    return cache.maps.size();
}

double student_t_quantile_map(double nu, double z, bool exact) {
    const StudentTMap& map = student_t_map(nu);
    const double t = exact ? map.exact(std::abs(z)) : map(std::abs(z));
    return z >= 0.0 ? t : -t;
}

ParameterLaw ParameterLaw::normal(double mean, double sd) {
    if (!std::isfinite(mean) || !std::isfinite(sd) || sd < 0.0)
        throw Error("normal(" + number_text(mean) + "," + number_text(sd) +
                    "): the mean must be finite and the standard deviation finite and >= 0");
    return {LawKind::normal, mean, sd};
}

ParameterLaw ParameterLaw::uniform(double lo, double hi) {
    if (!std::isfinite(lo) || !std::isfinite(hi) || !(lo < hi))
        throw Error("uniform(" + number_text(lo) + "," + number_text(hi) +
                    "): the bounds must be finite with a < b (for example uniform(-pi,pi))");
    return {LawKind::uniform, lo, hi};
}

ParameterLaw ParameterLaw::zero() { return {LawKind::zero, 0.0, 0.0}; }

ParameterLaw ParameterLaw::rademacher(double scale) {
    if (!std::isfinite(scale) || scale < 0.0)
        throw Error("rademacher(" + number_text(scale) + "): the scale must be finite and >= 0");
    return {LawKind::rademacher, scale, 0.0};
}

ParameterLaw ParameterLaw::student_t(double nu, double sd) {
    if (!std::isfinite(nu) || !(nu > 2.0) || !std::isfinite(sd) || sd < 0.0)
        throw Error("student_t(" + number_text(nu) + "," + number_text(sd) +
                    "): needs nu > 2 (a finite variance) and a finite sd >= 0");
    return {LawKind::student_t, nu, sd};
}

double ParameterLaw::mean() const noexcept {
    switch (kind_) {
    case LawKind::normal: return a_;
    case LawKind::uniform: return 0.5 * (a_ + b_);
    default: return 0.0;
    }
}

double ParameterLaw::sd() const noexcept {
    switch (kind_) {
    case LawKind::normal: return b_;
    case LawKind::uniform: return (b_ - a_) / std::sqrt(12.0);
    case LawKind::zero: return 0.0;
    case LawKind::rademacher: return a_;
    case LawKind::student_t: return b_;
    }
    return 0.0;
}

double ParameterLaw::cumulant(int n) const {
    if (n == 1) return mean();
    if (n % 2 == 1) return 0.0;  // every law here is symmetric about its mean
    const double s2 = sd() * sd();
    const double sn = std::pow(s2, n / 2);
    if (n == 2) return s2;
    switch (kind_) {
    case LawKind::normal:
    case LawKind::zero: return 0.0;
    case LawKind::uniform: {  // κ_n = B_n (b − a)^n / n: B_4 = −1/30, B_6 = 1/42
        const double w = b_ - a_;
        return n == 4 ? -std::pow(w, 4) / 120.0 : (n == 6 ? std::pow(w, 6) / 252.0 : kInf);
    }
    case LawKind::rademacher: return n == 4 ? -2.0 * sn : (n == 6 ? 16.0 * sn : kInf);
    case LawKind::student_t: {  // standardised moments m4 = 3(ν−2)/(ν−4), m6 = 15(ν−2)²/((ν−4)(ν−6))
        const double nu = a_;
        if (nu <= n) return kInf;
        const double m4 = 3.0 * (nu - 2.0) / (nu - 4.0);
        if (n == 4) return (m4 - 3.0) * sn;
        const double m6 = 15.0 * (nu - 2.0) * (nu - 2.0) / ((nu - 4.0) * (nu - 6.0));
        return n == 6 ? (m6 - 15.0 * m4 + 30.0) * sn : kInf;
    }
    }
    return kInf;
}

double ParameterLaw::standardised(double z) const {
    switch (kind_) {
    case LawKind::normal: return z;
    case LawKind::zero: return 0.0;
    case LawKind::uniform: return std::sqrt(3.0) * std::erf(z / std::numbers::sqrt2);  // √12 (Φ(z) − ½)
    case LawKind::rademacher: return z >= 0.0 ? 1.0 : -1.0;
    case LawKind::student_t: return student_t_quantile_map(a_, z, false) * std::sqrt((a_ - 2.0) / a_);
    }
    return z;
}

std::string ParameterLaw::text() const {
    switch (kind_) {
    case LawKind::normal: return "normal(" + number_text(a_) + "," + number_text(b_) + ")";
    case LawKind::uniform: return "uniform(" + number_text(a_) + "," + number_text(b_) + ")";
    case LawKind::zero: return "zero";
    case LawKind::rademacher: return "rademacher(" + number_text(a_) + ")";
    case LawKind::student_t: return "student_t(" + number_text(a_) + "," + number_text(b_) + ")";
    }
    return "?";
}

ParameterLaw parse_law(std::string_view text) {
    // Not a structured binding: the lambda below captures `args`, which clang before 16 refuses for bindings.
    const auto parsed = split_law(text);
    const auto& name = parsed.first;
    const auto& args = parsed.second;
    auto need = [&](std::size_t count) {
        if (args.size() != count)
            throw Error("law '" + trim(text) + "' takes " + std::to_string(count) + " parameter" +
                        (count == 1 ? "" : "s") + ": write it as " + kLawForms);
    };
    if (name == "normal") {
        need(2);
        return ParameterLaw::normal(args[0], args[1]);
    }
    if (name == "uniform") {
        need(2);
        return ParameterLaw::uniform(args[0], args[1]);
    }
    if (name == "zero") {
        need(0);
        return ParameterLaw::zero();
    }
    if (name == "rademacher") {
        need(1);
        return ParameterLaw::rademacher(args[0]);
    }
    if (name == "student_t") {
        need(2);
        return ParameterLaw::student_t(args[0], args[1]);
    }
    throw Error("unknown parameter law '" + trim(text) + "': use " + kLawForms);
}

}  // namespace nnft::numeric
