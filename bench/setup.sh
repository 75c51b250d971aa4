#!/usr/bin/env bash
# Install the benchmark-only competitors (libcubature's hcubature, GSL; PyTorch and NumPy for the system
# interpreter /usr/bin/python3, used by bench/sampler_torch.py, with OpenBLAS as its GEMM back end instead
# of the reference BLAS), then configure and build the benches.
# Usage: bash bench/setup.sh   (as root or with sudo). Environment: NNFT_BUILD_DIR (default build-bench).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
packages=(libcubature-dev libgsl-dev python3-torch python3-numpy libopenblas0-pthread)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
NNFT_BUILD_DIR=${NNFT_BUILD_DIR:-build-bench} bash scripts/setup.sh -DNNFT_BUILD_BENCH=ON -DNNFT_BUILD_TESTS=OFF
