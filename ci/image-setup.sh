#!/usr/bin/env bash
# The container image's set-up, kept here so that it can run without Docker: the Dockerfile runs
# it at build time, and tests/ci/test_image.py runs it in a fresh copy of the project.
# Needs python3, node and npm on the PATH. Makes .venv with requirements.txt (tasks.py) and installs
# the report tool (Allure 3, Node only) into .tools/ (journeys/report/allure_cli.py).
# Usage: ci/image-setup.sh [PROJECT_DIR]
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"
python3 -c 'import tasks; tasks.ensure_environment()'
.venv/bin/python -c 'from journeys.report.allure_cli import ensure_allure; print("Report tool:", ensure_allure("3"))'
