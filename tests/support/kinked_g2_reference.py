#!/usr/bin/env python3
"""Reference G2 of a one-hidden-layer network with a kinked activation, in mpmath (20 digits): the provenance of the
kink-line polar rule's test values (tests/unit/sampler/exact_test.cpp). Not run by the test suite (~1 min per pair).

G2(x_a, x_b) = mu_b^2 + sigma_b^2 + sigma_W^2 E[s(z_a) s(z_b)], z = w x + b with w ~ N(0, 1), b ~ N(mu_b, 1) and
sigma_W = sigma_b = 1 (the output bias has the hidden bias's law). The inner integral over b is split at every kink
c - w x, the outer one over w where two kinks cross (w = (c - c') / (x_a - x_b)), so both integrands are smooth on
every piece.

    python3 tests/support/kinked_g2_reference.py 'max(0,x-1)' 0 0,0 2,3 3,4
    python3 tests/support/kinked_g2_reference.py hardtanh 0.3 0,1 2,4 3,3
"""
import sys

import mpmath as mp

mp.mp.dps = 20
SIGMAS = {  # name: (sigma, kink points)
    'max(0,x-1)': (lambda z: max(mp.mpf(0), z - 1), [1]),
    'hardtanh': (lambda z: min(mp.mpf(1), max(mp.mpf(-1), z)), [-1, 1]),
}
INPUTS = [mp.mpf(v) for v in ('-1.5', '-0.4', '0.3', '1.2', '2')]


def g2(sigma, kinks, mu_b, x1, x2):
    def inner(w):
        pts = sorted(set([-mp.inf, mp.inf] + [c - w * x for c in kinks for x in (x1, x2)]))
        return mp.quad(lambda b: sigma(w * x1 + b) * sigma(w * x2 + b) * mp.npdf(b, mu_b, 1), pts)
    outer = {mp.mpf(0)}
    if x1 != x2:
        outer |= {mp.mpf(c - c2) / (x1 - x2) for c in kinks for c2 in kinks}
    return mu_b ** 2 + 1 + mp.quad(lambda w: inner(w) * mp.npdf(w), [-mp.inf] + sorted(outer) + [mp.inf])


if __name__ == '__main__':
    sigma, kinks = SIGMAS[sys.argv[1]]
    mu_b = mp.mpf(sys.argv[2])
    for pair in sys.argv[3:]:
        a, b = (int(v) for v in pair.split(','))
        print(a, b, mp.nstr(g2(sigma, kinks, mu_b, INPUTS[a], INPUTS[b]), 18), flush=True)
