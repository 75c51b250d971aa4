#!/usr/bin/env bash
# Sourced by the set-up scripts: install Debian packages that are missing (as root, or with sudo).
# apt_require PACKAGE...   installs the missing ones; fails (exit 1) when that is impossible.

# What every build of nnft needs (scripts/setup.sh; docs/dependencies.md says why each).
nnft_packages=(build-essential cmake ninja-build pkg-config libginac-dev libcln-dev libboost-graph-dev
               libeigen3-dev catch2 libcli11-dev libnauty2-dev nlohmann-json3-dev libsleef-dev libxsimd-dev
               libopenmpi-dev openmpi-bin python3 python3-dev python3-numpy python3-pytest pybind11-dev)

apt_require() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "nnft setup: installing missing Debian packages: ${missing[*]}"
  local sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "nnft setup: need root (or sudo) to apt-get install: ${missing[*]}" >&2; return 1; }
    sudo_cmd=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}
