#pragma once
/// \file How a plot is laid out: axis ranges fitted to its data, tick marks of short log axes, the corner
/// of the legend, and the points of its pull panel. Internal to report/ (plot_script uses it).
#include "report/report.hpp"

#include <string>
#include <utility>
#include <vector>

namespace nnft::report::detail {

/// One axis: its range and explicit tick positions (x: at the data when there are few x values; a log axis
/// spanning less than two decades: 1-2-5 steps).
struct Axis {
    double lo = 0, hi = 1;       ///< range in data units
    bool log = false;            ///< logarithmic
    std::vector<double> ticks;   ///< explicit ticks (empty: gnuplot chooses)
};

/// The layout of a plot.
struct Layout {
    Axis x, y;                                         ///< the main panel's axes
    std::string key = "top right";                     ///< gnuplot key position inside the plot area
    std::vector<std::pair<double, double>> pulls;      ///< (x, pull) of the pull panel (empty without one)
    double pull_range = 3;                             ///< the pull panel shows [−pull_range, pull_range]
    double pull_step = 2;                              ///< the pull panel's tick spacing (no label at its edges)
};

/// Canvas proportions shared by every format: a 5 in × 3.5 in figure, 4.2 in tall with a pull panel.
struct Canvas {
    static constexpr double width_in = 5.0;            ///< width (inches)
    static constexpr double height_in = 3.5;           ///< height without a pull panel (inches)
    static constexpr double pull_height_in = 4.2;      ///< height with a pull panel (inches)
    static constexpr double split = 0.36;              ///< screen y where the main panel meets the pull panel
    static constexpr double bottom = 0.12;             ///< screen y of the pull panel's bottom edge
    static constexpr double top = 0.91;                ///< screen y of the main panel's top edge (room for the title)
};

/// The points (x, pull) of a plot's pull panel (empty without one).
std::vector<std::pair<double, double>> pull_points(const Plot& plot);

/// Ranges with small margins around the data (and reference lines), the legend corner that hides the
/// fewest drawn points (the y range grows to make room when every corner is taken), ticks of short log axes.
Layout plot_layout(const Plot& plot);

}  // namespace nnft::report::detail
