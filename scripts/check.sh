#!/usr/bin/env bash
# README command 1: set up (apt packages, configure, build) and run the main job `nnft check`.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$here/scripts/setup.sh"
exec "$here/${NNFT_BUILD_DIR:-build}/app/nnft" check "$@"
