#!/usr/bin/env bash
# openapi.yaml through other people's linters: Redocly CLI (recommended rules, strict)
# and Spectral (spectral:oas), configured by redocly.yaml and .spectral.yaml at the root.
# Fails on any finding, warnings included: a rule that is wrong for this API is turned
# off in its config, with the reason. Both run offline (no telemetry, no update check).
set -uo pipefail
cd "$(dirname "$0")/.."

export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
status=0
npx --no-install redocly lint openapi.yaml --config redocly.yaml --format stylish || status=1
npx --no-install spectral lint openapi.yaml --ruleset .spectral.yaml --fail-severity warn || status=1
exit "$status"
