#!/usr/bin/env bash
# run-crawl.sh SPIDER [scrapy crawl options...]
#
# One scheduled crawl of SPIDER (a portal: suara, detik, ...; or news: every portal at once),
# as cron and the systemd timers run it
# (see deploy/README.md):
#   - refuses to start, exit status 75, while another run holds the same lock (flock -n);
#   - crawls the articles published in the last NEWSCRAWL_DAYS days (default 2: yesterday and
#     today, in the portal's time, WIB);
#   - writes the run's articles to  $NEWSCRAWL_FEED_DIR/PORTAL-<time>.jsonl  (Scrapy's FEEDS)
#     and its stats to             $NEWSCRAWL_STATS_DIR/PORTAL-<time>.json  (NEWSCRAWL_STATS_OUT),
#     <time> being the run's start, UTC, e.g. 20191122T033000Z, the same in both names; the feed
#     is written as .PORTAL-<time>.jsonl.part and renamed only when the crawl exits 0, so
#     whoever picks up *.jsonl files never reads half a feed: a crawl that did not finish
#     (exit status not 0, killed by a signal, SIGKILL included) leaves its feed under the
#     .part name;
#   - adds the articles to the store NEWSCRAWL_STORE, when it is set;
#   - exits with the crawl's exit status (README "Exit status": 0 finished, 1 did not finish,
#     2 refused before crawling, 3 store writes failed, 4 a feed or the stats file not written;
#     128+N killed by signal N), or 75 without crawling when another run holds the lock.
#
# Environment (all optional):
#   NEWSCRAWL_HOME       the checkout, where scrapy.cfg is (default: the folder above this script)
#   NEWSCRAWL_SCRAPY     the scrapy executable (default: $NEWSCRAWL_HOME/.venv/bin/scrapy when it
#                        exists, else scrapy on PATH)
#   NEWSCRAWL_DATA       where the defaults below live (default: /var/lib/newscrawl)
#   NEWSCRAWL_FEED_DIR   folder of the feeds (default: $NEWSCRAWL_DATA/feeds)
#   NEWSCRAWL_STATS_DIR  folder of the stats files (default: $NEWSCRAWL_DATA/stats)
#   NEWSCRAWL_LOG_DIR    folder for one Scrapy log file per run, PORTAL-<time>.log (default: none,
#                        the log goes to stderr: the journal, or cron's mail or redirection)
#   NEWSCRAWL_LOCK       the lock file (default: $NEWSCRAWL_DATA/PORTAL.lock); give several portals
#                        the same one to never run them at the same time
#   NEWSCRAWL_STORE      SQLite file or postgresql:// URL, passed on as -s NEWSCRAWL_STORE=...
#   NEWSCRAWL_DAYS       the date window in days, today included (default 2); 0: no window
# Further arguments go to `scrapy crawl` as they are, after the ones set here (a later -a or -s
# of the same name wins), e.g.  run-crawl.sh suara -s LOG_LEVEL=WARNING
#
# Stopping: SIGTERM or SIGINT to this script is passed on to the crawl once, as SIGTERM, and
# Scrapy finishes the requests in progress; a second one forces it to stop.
set -euo pipefail

readonly EX_USAGE=64 EX_TEMPFAIL=75 EX_CONFIG=78

die() {
  echo "run-crawl: $2" >&2
  exit "$1"
}

[ $# -ge 1 ] && [ -n "$1" ] && [ "${1#-}" = "$1" ] \
  || die "$EX_USAGE" "usage: run-crawl.sh PORTAL [scrapy crawl options...]"
portal=$1
shift
case $portal in
  *[!a-z0-9_]*) die "$EX_USAGE" "not a spider name: $portal" ;;
esac

home=${NEWSCRAWL_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
[ -f "$home/scrapy.cfg" ] || die "$EX_CONFIG" "no scrapy.cfg in $home (set NEWSCRAWL_HOME)"
if [ -n "${NEWSCRAWL_SCRAPY:-}" ]; then
  scrapy=$NEWSCRAWL_SCRAPY
elif [ -x "$home/.venv/bin/scrapy" ]; then
  scrapy=$home/.venv/bin/scrapy
else
  scrapy=$(command -v scrapy) || die "$EX_CONFIG" "no scrapy found (set NEWSCRAWL_SCRAPY)"
fi

data=${NEWSCRAWL_DATA:-/var/lib/newscrawl}
feed_dir=${NEWSCRAWL_FEED_DIR:-$data/feeds}
stats_dir=${NEWSCRAWL_STATS_DIR:-$data/stats}
log_dir=${NEWSCRAWL_LOG_DIR:-}
lock=${NEWSCRAWL_LOCK:-$data/$portal.lock}
days=${NEWSCRAWL_DAYS:-2}
case $days in
  '' | *[!0-9]*) die "$EX_USAGE" "NEWSCRAWL_DAYS is not a number of days: $days" ;;
esac
command -v flock >/dev/null || die "$EX_CONFIG" "flock (util-linux) is missing"

mkdir -p "$feed_dir" "$stats_dir" "$(dirname "$lock")" ${log_dir:+"$log_dir"}

# The lock: held on descriptor 9 by this script until it exits; the crawl does not inherit it
# (9>&- below), so a process the crawl leaves behind cannot keep the next run from starting.
exec 9>>"$lock"
if ! flock -n 9; then
  echo "run-crawl: another $portal run holds $lock; not starting" >&2
  exit "$EX_TEMPFAIL"
fi

# Scrapy fills %(...)s placeholders into feed URIs and NEWSCRAWL_STATS_OUT: a literal % is %%.
percent() { printf '%s' "${1//%/%%}"; }
json_string() {
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  printf '"%s"' "$s"
}

stamp=$(date -u +%Y%m%dT%H%M%SZ)
while [ -e "$feed_dir/$portal-$stamp.jsonl" ] || [ -e "$stats_dir/$portal-$stamp.json" ]; do
  sleep 1 # a run earlier in this same second (it can only have ended: we hold the lock)
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
done
feed=$feed_dir/$portal-$stamp.jsonl
partial=$feed_dir/.$portal-$stamp.jsonl.part
stats=$stats_dir/$portal-$stamp.json

args=(
  -s "FEEDS={$(json_string "$(percent "$partial")"): {\"format\": \"jsonlines\"}}"
  -s "NEWSCRAWL_STATS_OUT=$(percent "$stats")"
)
if [ "$days" -gt 0 ]; then
  # the spider's window is in the portal's local time: WIB, UTC+7 all year (a POSIX TZ
  # string, so no time zone database is needed)
  args+=(-a "since=$(TZ=WIB-7 date -d "$((days - 1)) days ago" +%F)")
fi
[ -z "${NEWSCRAWL_STORE:-}" ] || args+=(-s "NEWSCRAWL_STORE=$NEWSCRAWL_STORE")
[ -z "$log_dir" ] || args+=(-s "LOG_FILE=$log_dir/$portal-$stamp.log")

echo "run-crawl: $portal: feed $feed, stats $stats${NEWSCRAWL_STORE:+, store set}" >&2
cd "$home"
"$scrapy" crawl "$portal" "${args[@]}" "$@" 9>&- &
crawl=$!
trap 'kill -TERM "$crawl" 2>/dev/null || true' TERM INT
# a trapped signal interrupts `wait` while the crawl goes on: wait again until it has ended
while kill -0 "$crawl" 2>/dev/null; do
  wait "$crawl" || true
done
trap - TERM INT
# the crawl's own status, which bash keeps (128+N when signal N killed it; an older bash that
# has forgotten it answers 127: a failure too, so a feed is never taken for whole by mistake)
wait "$crawl" && status=0 || status=$?

if [ "$status" -eq 0 ] && [ -e "$partial" ]; then
  mv -f "$partial" "$feed"
elif [ -e "$partial" ]; then
  echo "run-crawl: $portal: the crawl did not end well: its feed stays at $partial" >&2
fi
echo "run-crawl: $portal: crawl ended with status $status" >&2
exit "$status"
