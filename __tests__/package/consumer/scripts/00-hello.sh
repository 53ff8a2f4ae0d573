#!/usr/bin/env bash
# A user's boot script: the stack uploads every file of ./scripts.
set -euo pipefail
echo "hello from the consumer project"
