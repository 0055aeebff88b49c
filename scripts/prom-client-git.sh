#!/usr/bin/env bash
# Clones prom-client's repository at v15.1.3 (its tests and example programs,
# which its npm package does not ship) into DIR and prints the clone's path:
# from the git bundle CI keeps beside the checkout, else from GitHub.
#
#   scripts/prom-client-git.sh DIR
#
# PROM_CLIENT_URL overrides the GitHub address. Exits 1, saying what to
# provide, when neither source can be read.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bundle="$root/../shared/prom-client-v15.1.3.bundle"
url="${PROM_CLIENT_URL:-https://github.com/siimon/prom-client.git}"
clone="$1/prom-client.git"

if [ -f "$bundle" ]; then
  git clone --quiet --bare "$bundle" "$clone"
elif ! timeout 120 git clone --quiet --bare --depth 1 --branch v15.1.3 "$url" "$clone"; then
  echo "prom-client v15.1.3 is needed for its own tests and examples: put its git bundle at ../shared/prom-client-v15.1.3.bundle beside the checkout, make $url reachable, or set PROM_CLIENT_GIT to a clone" >&2
  exit 1
fi
echo "$clone"
