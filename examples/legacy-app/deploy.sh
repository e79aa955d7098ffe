#!/bin/sh
# Deploys both apps of the example, naming them as Python modules (which needs `-m` since 1.4).
set -eu
cd "$(dirname "$0")"
modal deploy app
modal deploy batch
