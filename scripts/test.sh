#!/usr/bin/env bash
# README command 2: set up (apt packages, configure, build) and run the default test suite.
# Pass -L slow to run the long physics tests instead, or any other ctest arguments.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$here/scripts/setup.sh"
cd "$here/${NNFT_BUILD_DIR:-build}"
if [ $# -eq 0 ]; then set -- -L default; fi
ctest --output-on-failure -j "${NNFT_JOBS:-$(nproc)}" "$@"
