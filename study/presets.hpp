#pragma once
/// \file Every setting of the paper's experiments (2008.08601; docs/physics-setup.md §4) in one place: input
/// sets, widths, cutoffs, the coupling-fit sets and the action, running and width-scaling defaults. The
/// layers below take these as plain values; the CLI, the study and the checks take them from here.
#include "eft/action.hpp"
#include "eft/coupling_fit.hpp"
#include "sampler/ensemble.hpp"
#include "sampler/network.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace nnft::study {

/// The built-in input sets `paper:erf|relu|gauss` (docs/physics-setup.md §4.2): d_in = 1, the λ-fit test
/// sets 0.01·S (Erf), S = {0.2, …, 1.2} (ReLU) and ±{0.002, 0.006, 0.01} (Gauss); d_in = 2, the grid of a
/// set of two values. Throws nnft::Error for another name or d_in.
sampler::InputSet paper_inputs(const std::string& which, std::size_t d_in);

/// Inputs as the CLI reads them: "paper:NAME" (paper_inputs) or explicit points (sampler::parse_inputs).
sampler::InputSet input_set(const std::string& text, std::size_t d_in);

/// The paper's widths {2, 3, 4, 5, 10, 20, 50, 100, 500, 1000} (docs/physics-setup.md §4.1).
std::vector<std::size_t> paper_widths();

/// The paper's cutoff sweep for ReLU (7 … 10⁵, docs/physics-setup.md §4.4).
std::vector<double> paper_cutoffs();

/// The ReLU inputs of the running-coupling study: d_in = 1: {0.2, 0.6, 1.0, 1.2}; d_in = 2: {0.5, 1}²;
/// d_in = 3: four points with coordinates 0.5 and 1 (docs/physics-setup.md §4.2). Throws nnft::Error otherwise.
sampler::InputSet relu_running_inputs(int d_in);

/// The paper's coupling-fit settings (docs/physics-setup.md §4.3): Erf N=5 Λ=100, ReLU N=20 Λ=100, Gauss
/// N=1000 Λ=∞; test inputs S (0.01·S for Erf and Gauss), train inputs (√2/2)·test; models M0–M3.
eft::FitSettings paper_fit_settings(const std::string& net);

/// Fit settings for any activation: the paper's for erf, relu and gauss; otherwise the ReLU study's width 20,
/// cutoff 100 and inputs (test 0.2 … 1.2, train (√2/2)·test) with the activation's default network.
eft::FitSettings fit_settings(const numeric::Activation& activation);

/// Action settings for any activation: the fit settings of fit_settings (net, cutoff, the M1 fit's inputs).
eft::ActionSettings action_settings(const numeric::Activation& activation);

/// The paper's width, cutoff and fit sets for the action reconstruction of a net (grid 24).
eft::ActionSettings paper_action_settings(const std::string& net);

/// The paper's Erf-net ensemble at width `width`: d_in = 1, the inputs paper:erf, σ_W = σ_b = 1, moments to
/// n = 6, plain estimator (the benchmarks' ensemble and the width-scaling checks').
sampler::EnsembleConfig paper_erf_ensemble(std::size_t width, std::uint64_t networks, std::uint64_t seed);

}  // namespace nnft::study
