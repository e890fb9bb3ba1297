#!/usr/bin/env bash
# run-worker.sh [scrapy crawl options...]
#
# One worker of a distributed crawl (see "Distributed crawl" in README.md): `scrapy crawl
# $NEWSCRAWL_WORKER_SPIDER` (default news: every portal) taking its requests from the fleet's
# Redis frontier, storing into the fleet's PostgreSQL store. Started by
# newscrawl-worker@N.service; the requests come from `newscrawl enqueue` (newscrawl-enqueue.timer).
#
# Environment:
#   NEWSCRAWL_REDIS_URL     the fleet's Redis, redis://[:password@]host:port/db (required)
#   NEWSCRAWL_STORE         the fleet's store, a postgresql:// URL (required)
#   NEWSCRAWL_HOME          the checkout, where scrapy.cfg is (default: the folder above this script)
#   NEWSCRAWL_SCRAPY        the scrapy executable (default: $NEWSCRAWL_HOME/.venv/bin/scrapy)
#   NEWSCRAWL_WORKER_SPIDER news, or one portal's spider (default: news)
#   NEWSCRAWL_STATS_DIR     a stats file per worker run, WORKER-<time>.json (default: none)
#   NEWSCRAWL_WORKER_NAME   the name in the stats file's name (default: worker)
# Further arguments go to `scrapy crawl` (e.g. -a portals=detik,kompas -s LOG_LEVEL=WARNING).
set -euo pipefail

die() {
  echo "run-worker: $2" >&2
  exit "$1"
}

home=${NEWSCRAWL_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
[ -f "$home/scrapy.cfg" ] || die 78 "no scrapy.cfg in $home (set NEWSCRAWL_HOME)"
scrapy=${NEWSCRAWL_SCRAPY:-$home/.venv/bin/scrapy}
[ -x "$scrapy" ] || scrapy=$(command -v scrapy) || die 78 "no scrapy found (set NEWSCRAWL_SCRAPY)"
[ -n "${NEWSCRAWL_REDIS_URL:-}" ] || die 64 "NEWSCRAWL_REDIS_URL is not set"
[ -n "${NEWSCRAWL_STORE:-}" ] || die 64 "NEWSCRAWL_STORE (a postgresql:// URL) is not set"
spider=${NEWSCRAWL_WORKER_SPIDER:-news}

args=(-s "NEWSCRAWL_REDIS_URL=$NEWSCRAWL_REDIS_URL" -s "NEWSCRAWL_STORE=$NEWSCRAWL_STORE")
if [ -n "${NEWSCRAWL_STATS_DIR:-}" ]; then
  mkdir -p "$NEWSCRAWL_STATS_DIR"
  name=${NEWSCRAWL_WORKER_NAME:-worker}
  # Scrapy fills in %(time)s, the run's start: one file per worker run
  args+=(-s "NEWSCRAWL_STATS_OUT=${NEWSCRAWL_STATS_DIR//%/%%}/${name//%/%%}-%(time)s.json")
fi
cd "$home"
exec "$scrapy" crawl "$spider" "${args[@]}" "$@"
