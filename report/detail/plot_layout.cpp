#include "report/detail/plot_layout.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace nnft::report::detail {

namespace {

constexpr double kMargin = 0.04;     // range margin, as a fraction of the data's span on the axis
constexpr double kKeyPad = 0.015;    // space kept between the legend and the data (fraction of the plot area)
constexpr double kMaxGrowth = 1.8;   // the y range may grow by this factor to make room for the legend

double to_axis(double v, bool log) { return log ? std::log10(v) : v; }
double from_axis(double t, bool log) { return log ? std::pow(10.0, t) : t; }
bool shown(double v, bool log) { return std::isfinite(v) && (!log || v > 0); }

/// The smallest and largest value seen, in axis units.
struct Extent {
    double lo = std::numeric_limits<double>::infinity(), hi = -std::numeric_limits<double>::infinity();
    void add(double t) {
        lo = std::min(lo, t);
        hi = std::max(hi, t);
    }
    bool empty() const { return lo > hi; }
};

/// The data range of each axis (error bars included, reference lines on y).
std::pair<Extent, Extent> data_extent(const Plot& p) {
    Extent ex, ey;
    for (const Series& s : p.series)
        for (std::size_t k = 0; k < s.x.size(); ++k) {
            if (!shown(s.x[k], p.logx) || !shown(s.y[k], p.logy)) continue;
            ex.add(to_axis(s.x[k], p.logx));
            ey.add(to_axis(s.y[k], p.logy));
            if (s.style != Style::errorbars || !std::isfinite(s.dy[k])) continue;
            for (double end : {s.y[k] - s.dy[k], s.y[k] + s.dy[k]})
                if (shown(end, p.logy)) ey.add(to_axis(end, p.logy));
        }
    for (double h : p.hlines)
        if (shown(h, p.logy)) ey.add(to_axis(h, p.logy));
    return {ex, ey};
}

/// A range around an extent with a margin (half a decade, or 10 % of the value, around a single value).
Axis fitted(Extent e, bool log) {
    Axis a;
    a.log = log;
    if (e.empty()) e = {0.0, 1.0};
    double pad = kMargin * (e.hi - e.lo);
    if (e.hi - e.lo <= 1e-12 * std::max(1.0, std::abs(e.hi))) pad = log ? 0.5 : (e.hi != 0 ? 0.1 * std::abs(e.hi) : 1.0);
    a.lo = from_axis(e.lo - pad, log);
    a.hi = from_axis(e.hi + pad, log);
    return a;
}

/// Ticks for a log axis spanning less than two decades (gnuplot would label one or no power of ten): the
/// first of 1-2-5, 1-2-3-5, 1…9 and a finer set (1, 1.2, 1.4, …) times powers of ten giving three ticks or more.
std::vector<double> log_ticks(double lo, double hi) {
    if (!(lo > 0) || std::log10(hi / lo) >= 2) return {};
    const std::array<std::vector<double>, 4> sets = {{{1, 2, 5}, {1, 2, 3, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9},
                                                       {1, 1.2, 1.4, 1.6, 1.8, 2, 2.5, 3, 3.5, 4, 5, 6, 7, 8, 9}}};
    std::vector<double> ticks;
    for (const auto& mantissas : sets) {
        ticks.clear();
        for (int e = static_cast<int>(std::floor(std::log10(lo))); e <= static_cast<int>(std::ceil(std::log10(hi))); ++e)
            for (double m : mantissas) {
                const double t = m * std::pow(10.0, e);
                if (t >= lo * (1 - 1e-12) && t <= hi * (1 + 1e-12)) ticks.push_back(t);
            }
        if (ticks.size() >= 3) break;
    }
    return ticks;
}

/// Position of a value on an axis, 0 at the low end and 1 at the high end.
double norm(double v, const Axis& a) {
    return (to_axis(v, a.log) - to_axis(a.lo, a.log)) / (to_axis(a.hi, a.log) - to_axis(a.lo, a.log));
}

/// Ticks at the x values of the markers when there are few of them (2 to 8, e.g. widths 2, 3, 4, 5, 10, 20
/// or depths 1 … 5; on a log axis within two decades) and their labels do not crowd each other; else empty.
std::vector<double> data_ticks(const Plot& p, const Axis& x) {
    std::vector<double> xs;
    for (const Series& s : p.series) {
        if (s.style == Style::line) continue;
        for (std::size_t k = 0; k < s.x.size(); ++k)
            if (shown(s.x[k], p.logx) && shown(s.y[k], p.logy)) xs.push_back(s.x[k]);
    }
    std::sort(xs.begin(), xs.end());
    xs.erase(std::unique(xs.begin(), xs.end(), [](double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(a)); }), xs.end());
    if (xs.size() < 2 || xs.size() > 8) return {};
    if (p.logx && std::log10(xs.back() / xs.front()) >= 2) return {};  // gnuplot's powers of ten read better
    for (std::size_t i = 1; i < xs.size(); ++i)
        if (norm(xs[i], x) - norm(xs[i - 1], x) < 0.05) return {};
    return xs;
}

/// What the plot draws, as points in the unit square of the plot area: markers, error-bar ends, line
/// segments and reference lines sampled along their length.
std::vector<std::pair<double, double>> drawn_points(const Plot& p, const Axis& x, const Axis& y) {
    std::vector<std::pair<double, double>> out;
    for (const Series& s : p.series) {
        bool have_prev = false;
        std::pair<double, double> prev;
        for (std::size_t k = 0; k < s.x.size(); ++k) {
            if (!shown(s.x[k], p.logx) || !shown(s.y[k], p.logy)) {
                have_prev = false;
                continue;
            }
            const std::pair<double, double> q{norm(s.x[k], x), norm(s.y[k], y)};
            out.push_back(q);
            if (s.style == Style::errorbars && std::isfinite(s.dy[k]))
                for (double f : {-1.0, -0.5, 0.5, 1.0})
                    if (shown(s.y[k] + f * s.dy[k], p.logy)) out.push_back({q.first, norm(s.y[k] + f * s.dy[k], y)});
            if (s.style == Style::line && have_prev)
                for (int i = 1; i < 16; ++i)
                    out.push_back({prev.first + (q.first - prev.first) * i / 16.0, prev.second + (q.second - prev.second) * i / 16.0});
            prev = q;
            have_prev = true;
        }
    }
    for (double h : p.hlines)
        if (shown(h, p.logy))
            for (int i = 0; i <= 20; ++i) out.push_back({i / 20.0, norm(h, y)});
    return out;
}

/// The legend's size as a fraction of the plot area (10 pt text on the 5 in canvas).
std::pair<double, double> key_size(const Plot& p) {
    std::size_t longest = 0, entries = 0;
    for (const Series& s : p.series) {
        if (s.title.empty()) continue;
        ++entries;
        longest = std::max(longest, plain_length(s.title));
    }
    const double area_w_in = 0.8 * Canvas::width_in;
    const double area_h_in = p.pulls ? (Canvas::top - Canvas::split) * Canvas::pull_height_in : 0.76 * Canvas::height_in;
    const double w = (static_cast<double>(longest) + 6.0) * 0.078 / area_w_in;
    const double h = (static_cast<double>(entries) * 0.17 + 0.06) / area_h_in;
    return {std::min(w, 0.95), std::min(h, 0.95)};
}

/// A place for the legend: a box in the plot area's unit square and the edge it sits on.
struct Spot {
    const char* name;         // gnuplot key position
    double x0, x1, y0, y1;    // the box, padding included
    int edge;                 // +1 top, −1 bottom, 0 halfway up
};

/// Place the legend: the first free spot of top right, top left, bottom right, bottom left, halfway up the
/// right or left edge; else the corner needing the least growth of the y range to clear it, when the growth
/// is modest; else the spot that hides the fewest points.
void place_key(const Plot& p, Layout& L) {
    const auto [w, h] = key_size(p);
    const std::vector<std::pair<double, double>> pts = drawn_points(p, L.x, L.y);
    const double wr = w + kKeyPad, hr = h + kKeyPad;
    const std::array<Spot, 6> spots = {{{"top right", 1 - wr, 1, 1 - hr, 1, 1},
                                        {"top left", 0, wr, 1 - hr, 1, 1},
                                        {"bottom right", 1 - wr, 1, 0, hr, -1},
                                        {"bottom left", 0, wr, 0, hr, -1},
                                        {"right center", 1 - wr, 1, 0.5 - hr / 2, 0.5 + hr / 2, 0},
                                        {"left center", 0, wr, 0.5 - hr / 2, 0.5 + hr / 2, 0}}};
    std::size_t fewest = std::numeric_limits<std::size_t>::max(), fewest_spot = 0, growth_spot = 0;
    double least_growth = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < spots.size(); ++i) {
        const Spot& s = spots[i];
        std::size_t count = 0;
        double reach = 0;  // how far the data under the key's width reach towards its edge
        for (const auto& [px, py] : pts) {
            if (px < s.x0 || px > s.x1) continue;
            reach = std::max(reach, s.edge > 0 ? py : 1 - py);
            if (py >= s.y0 && py <= s.y1) ++count;
        }
        if (count == 0) {
            L.key = s.name;
            return;
        }
        if (count < fewest) fewest = count, fewest_spot = i;
        const double growth = reach / (1 - hr);
        if (s.edge != 0 && growth < least_growth) least_growth = growth, growth_spot = i;
    }
    if (least_growth > kMaxGrowth) {
        L.key = spots[fewest_spot].name;
        return;
    }
    const Spot& s = spots[growth_spot];
    const double lo = to_axis(L.y.lo, L.y.log), hi = to_axis(L.y.hi, L.y.log);
    if (s.edge > 0) L.y.hi = from_axis(lo + (hi - lo) * least_growth, L.y.log);
    else L.y.lo = from_axis(hi - (hi - lo) * least_growth, L.y.log);
    L.key = s.name;
}

/// The reference series' value (and error) at x: its point there, or interpolated between two of its points.
bool reference_at(const Plot& p, const Series& r, double x, double& y, double& dy) {
    std::vector<std::size_t> idx;
    for (std::size_t k = 0; k < r.x.size(); ++k)
        if (shown(r.x[k], p.logx) && shown(r.y[k], p.logy)) idx.push_back(k);
    std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return r.x[a] < r.x[b]; });
    const auto err = [&](std::size_t k) { return r.style == Style::errorbars && std::isfinite(r.dy[k]) ? r.dy[k] : 0.0; };
    for (std::size_t i = 0; i < idx.size(); ++i) {
        const std::size_t k = idx[i];
        if (std::abs(r.x[k] - x) <= 1e-9 * std::max(1.0, std::abs(x))) {
            y = r.y[k];
            dy = err(k);
            return true;
        }
        if (i + 1 < idx.size() && r.x[k] < x && x < r.x[idx[i + 1]]) {
            const std::size_t k2 = idx[i + 1];
            const double f = (to_axis(x, p.logx) - to_axis(r.x[k], p.logx)) / (to_axis(r.x[k2], p.logx) - to_axis(r.x[k], p.logx));
            y = from_axis(to_axis(r.y[k], p.logy) + f * (to_axis(r.y[k2], p.logy) - to_axis(r.y[k], p.logy)), p.logy);
            dy = err(k) + f * (err(k2) - err(k));
            return true;
        }
    }
    return false;
}

}  // namespace

std::vector<std::pair<double, double>> pull_points(const Plot& p) {
    std::vector<std::pair<double, double>> out;
    if (!p.pulls) return out;
    const Series& m = p.series.at(p.pulls->measured);
    const Series& r = p.series.at(p.pulls->reference);
    for (std::size_t k = 0; k < m.x.size(); ++k) {
        if (!shown(m.x[k], p.logx) || !std::isfinite(m.y[k]) || m.dy.size() != m.y.size() || !std::isfinite(m.dy[k])) continue;
        double ry = 0, rdy = 0;
        if (!reference_at(p, r, m.x[k], ry, rdy)) continue;
        const double sigma = std::hypot(m.dy[k], rdy);
        if (sigma > 0) out.push_back({m.x[k], (m.y[k] - ry) / sigma});
    }
    return out;
}

Layout plot_layout(const Plot& p) {
    Layout L;
    const auto [ex, ey] = data_extent(p);
    L.x = fitted(ex, p.logx);
    L.y = fitted(ey, p.logy);
    place_key(p, L);
    L.x.ticks = data_ticks(p, L.x);
    if (p.logx && L.x.ticks.empty()) L.x.ticks = log_ticks(L.x.lo, L.x.hi);
    if (p.logy) L.y.ticks = log_ticks(L.y.lo, L.y.hi);
    if (p.pulls) {  // a label on the main panel's bottom edge would run into the pull panel's top label
        std::vector<double> kept;
        for (double t : L.y.ticks)
            if (norm(t, L.y) > 0.04) kept.push_back(t);
        if (kept.size() >= 2) L.y.ticks = kept;
    }
    L.pulls = pull_points(p);
    double largest = 0;
    for (const auto& [x, pull] : L.pulls) largest = std::max(largest, std::abs(pull));
    // At least ±3σ; ticks 1-2-5 apart (two or three per side); half a step past a tick that would sit on the edge.
    const double range = std::max(3.0, 1.1 * largest);
    const double raw = range / 2.5, decade = std::pow(10.0, std::floor(std::log10(raw)));
    L.pull_step = (raw <= decade ? 1 : raw <= 2 * decade ? 2 : raw <= 5 * decade ? 5 : 10) * decade;
    const double last_tick = std::floor(range / L.pull_step) * L.pull_step;
    L.pull_range = range - last_tick < 0.25 * L.pull_step ? last_tick + 0.5 * L.pull_step : range;
    return L;
}

}  // namespace nnft::report::detail
