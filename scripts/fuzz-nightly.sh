#!/bin/sh
# Nightly-style CLI fuzz: the generators and rules of test/reliability/cli-fuzz.ts, with
# many more cases than `npm test` runs (10,000 in process, 200 processes there).
#
#   scripts/fuzz-nightly.sh [in-process cases] [process spawns]    default 200000 2000
#   KR_FUZZ_SEED=<n> scripts/fuzz-nightly.sh ...                    replay a reported seed
# It also replays the attack scenarios of test/reliability/attacks.test.ts (issue 10).
# Each run draws a new seed (npm test always replays the same one); a failure prints it.
set -eu
cd "$(dirname "$0")/.."
npm run -s build
KR_FUZZ_SEED="${KR_FUZZ_SEED:-random}" KR_SKIP_BUILD=1 KR_FUZZ_RUNS="${1:-200000}" KR_FUZZ_SPAWNS="${2:-2000}" NODE_OPTIONS=--experimental-vm-modules \
  npx jest --runInBand test/reliability/fuzz.test.ts test/reliability/attacks.test.ts
