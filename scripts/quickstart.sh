#!/usr/bin/env bash
# The README's first command: set everything up, bring the local lab up, run the main job.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node bin/lvsplay.js lab up -v
node bin/lvsplay.js run playbooks/site.yaml -i .lab/inventory.ini
node bin/lvsplay.js run playbooks/verify.yaml -i .lab/inventory.ini
# What users come for: new connections to the VIP, answered by every node.
node bin/lvsplay.js lab traffic --connections 30
