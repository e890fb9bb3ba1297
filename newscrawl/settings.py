"""Scrapy settings: polite, robust defaults. Every NEWSCRAWL_* setting is defined here.

Override any of them per run with `-s NAME=value`, per portal in `Portal.spider_settings`.
"""

from newscrawl import __version__

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["newscrawl.crawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.crawl.spiders"
COMMANDS_MODULE = "newscrawl.crawl.commands"
"""`scrapy crawl` checks its configuration first and exits with a status that says how the
crawl ended (newscrawl/crawl/outcome.py, README "Exit status")."""

# -- identity and politeness -----------------------------------------------------------------
USER_AGENT = f"newscrawl/{__version__} (news archive crawler; set USER_AGENT to add your contact)"
"""How the crawler introduces itself to portals: put your project's contact address in it."""
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_ITEMS = 1
"""A page yields one article at most. With Scrapy's default (100 items processed in parallel
per response) the crawling process holds far more pages at once while they wait for the
cleaning workers: its peak memory is about a third higher (benchmarks/README.md)."""
DUPEFILTER_CLASS = "newscrawl.crawl.seen.CompactDupeFilter"
"""Scrapy's duplicate-request filter at 16-32 bytes a URL instead of about 95 (with JOBDIR,
its keys are kept in JOBDIR/newscrawl-requests.seen)."""
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
COOKIES_ENABLED = False
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_HANDLERS = {
    "http": "newscrawl.crawl.downloader.CountedRetriesHandler",
    "https": "newscrawl.crawl.downloader.CountedRetriesHandler",
}
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024
"""Responses larger than this are abandoned (no news page is 20 MB)."""
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024
REDIRECT_MAX_TIMES = 5

# -- retries with backoff -----------------------------------------------------------------------
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
RETRY_GIVE_UP_LOG_LEVEL = "DEBUG"
"""The spider logs each final failure once, at WARNING, with its reason."""
NEWSCRAWL_RETRY_BASE_DELAY = 2.0
"""Seconds before the first retry; doubled for each further retry."""
NEWSCRAWL_RETRY_MAX_DELAY = 60.0
"""No retry waits longer than this, even when Retry-After asks for more."""
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newscrawl.crawl.middlewares.BackoffRetryMiddleware": 550,
    # sees a redirect before RedirectMiddleware (600) follows it
    "newscrawl.crawl.middlewares.RedirectGuardMiddleware": 650,
    # answers a replayed request right after the offsite and robots.txt checks: the headers,
    # proxy, timeout and request counts that the middlewares between prepare for the
    # network do not apply to a page read from a file (its response goes back through all)
    "newscrawl.crawl.replay.ReplayMiddleware": 150,
    "newscrawl.crawl.replay.WarcWriterMiddleware": 950,
    "newscrawl.crawl.incremental.IncrementalMiddleware": 50,  # NEWSCRAWL_STORE only; see "store"
}

# -- cleaning --------------------------------------------------------------------------------
NEWSCRAWL_EXTRACT_WORKERS = "auto"
"""Processes that clean pages off the crawling thread: a number, "auto" (one per core) or 0
(clean inline, in the crawling process)."""
NEWSCRAWL_EXTRACT_TIMEOUT = 30.0
"""Seconds the cleaner may spend on one page; a page that takes longer is abandoned and
counted as rejected/extraction_timeout (a worker hung beyond reach is replaced). 0: no
limit."""
NEWSCRAWL_MIN_WORDS = 40
"""A page whose cleaned body is shorter is not emitted (counted as rejected/too_short)..."""
NEWSCRAWL_MIN_WORDS_DECLARED_ARTICLE = 10
"""...unless it declares itself an article (og:type article, JSON-LD NewsArticle): a photo
story with a short text is still an article."""
NEWSCRAWL_FAVOR_PRECISION = False
"""Ask trafilatura for less but surer text."""
NEWSCRAWL_FAST_EXTRACTION = True
"""Skip trafilatura's fallback extractors (readability, jusText): about twice as fast, and
with link blocks cut out first they seldom add anything. Set False for odd layouts."""
NEWSCRAWL_MAX_HTML_BYTES = 10_000_000
"""Documents are cut to this many characters before parsing."""

# -- archive and replay ------------------------------------------------------------------------
NEWSCRAWL_WARC_OUT = ""
"""A folder: every fetched response is written to a WARC file there (one file per run)."""
NEWSCRAWL_REPLAY = ""
"""A .warc or .warc.gz file: answer every request from it instead of the network (URLs not
in it answer 404). Re-runs a crawl offline, e.g. after the cleaner improved."""

# -- items and feeds -------------------------------------------------------------------------
ITEM_PIPELINES = {
    "newscrawl.crawl.pipelines.ValidatePipeline": 100,
    "newscrawl.crawl.pipelines.DedupePipeline": 200,
    "newscrawl.crawl.pipelines.StorePipeline": 300,  # NEWSCRAWL_STORE only; see "store"
}
FEED_EXPORT_ENCODING = "utf-8"
FEED_STORAGES = {
    "": "newscrawl.crawl.feeds.CountedFileFeedStorage",
    "file": "newscrawl.crawl.feeds.CountedFileFeedStorage",
}
"""Scrapy's file storage, with a feed that cannot be opened counted for the exit status."""
FEED_EXPORT_FIELDS = None
# Each scheduled run its own timestamped file:
#   FEEDS = {"feeds/%(name)s/%(time)s.jsonl": {"format": "jsonlines"}}
# or on the command line: scrapy crawl suara -O "feeds/suara-$(date +%Y%m%dT%H%M%S).jsonl"

# -- store ------------------------------------------------------------------------------------
NEWSCRAWL_STORE = ""
"""Where articles are kept across runs: a file path (SQLite, created if missing) or a
postgresql://user:password@host/database URL (needs `pip install 'newscrawl[postgres]'`).
Empty: no store, the crawl only writes its feeds. When set, every article is stored once per
canonical URL, changes are kept as versions, copies are marked, and article URLs already
stored are not fetched again (see NEWSCRAWL_RECHECK_DAYS)."""
NEWSCRAWL_STORE_BATCH = 50
"""Articles written to the store per transaction (and the rest when the crawl closes), at
least 1. A crawl killed outright loses at most the batch it had not written yet; the next
run fetches those articles again, since they are not stored."""
NEWSCRAWL_STORE_RETRIES = 3
"""A batch the store refuses (locked past the busy timeout, the server gone) is tried again
this many times, after NEWSCRAWL_STORE_RETRY_DELAY seconds, then twice that, and so on. When
the retries are used up the crawl stops with the finish reason `store_failed`; the articles
not written are counted as newscrawl/store/failed and fetched again by the next run."""
NEWSCRAWL_STORE_RETRY_DELAY = 1.0
"""Seconds before the first retry of a store write; doubled for each further one."""
NEWSCRAWL_STORE_BUSY_TIMEOUT = 30.0
"""Seconds an SQLite write waits for another process's write lock before it fails (and is
retried, see NEWSCRAWL_STORE_RETRIES)."""
NEWSCRAWL_NEAR_DUPLICATE_BITS = 3
"""A new article whose body's 64-bit similarity hash is within this many bits of one already
stored under another URL is stored with `duplicate_of` set (copies with the same body hash
always are). At most 3 finds every such copy (the hash is indexed as four 16-bit bands);
negative: exact copies only."""
NEWSCRAWL_RECHECK_DAYS = 2
"""Stored articles published in the last this many days are fetched again, to catch
updates; older ones are skipped (counted as skipped/already_stored). 0: never fetch a
stored article again; negative: always (a full re-crawl that records changes)."""

# -- distributed crawl (scrapy-redis) ------------------------------------------------------------
ADDONS = {"newscrawl.crawl.distributed.Distributed": 0}
"""Switches a crawl to the shared frontier when NEWSCRAWL_REDIS_URL is set; does nothing else."""
NEWSCRAWL_REDIS_URL = ""
"""redis://[:password@]host:port/db: the crawl becomes one worker of a fleet sharing one
frontier in Redis (scrapy-redis's scheduler and duplicate filter, requests and seen
fingerprints kept across runs), fed by `newscrawl enqueue`. Needs a PostgreSQL store
(NEWSCRAWL_STORE) and `pip install 'newscrawl[distributed]'`. Empty: one process, as before."""
NEWSCRAWL_REDIS_PREFIX = "newscrawl"
"""First part of every Redis key the fleet uses: two fleets on one Redis need two prefixes."""
NEWSCRAWL_REDIS_IDLE_CLOSE = 60.0
"""A worker closes once the frontier of its portals and every worker's taken requests have
been empty for this many seconds (not the first time the queue looks empty: another worker
may still be adding requests). 0: never close (a worker that waits for the next enqueue)."""
NEWSCRAWL_REDIS_WORKER_TTL = 30.0
"""Seconds a worker's heartbeat lives (renewed every third of it). A worker silent for longer
is taken for dead: the requests it had taken go back to the frontier."""

# -- monitoring ---------------------------------------------------------------------------------
NEWSCRAWL_STATS_OUT = ""
"""A file to write the run's stats to as JSON when it ends (counts of articles, rejections
and failures by reason); `%(name)s` and `%(time)s` are filled in, as in FEEDS."""
EXTENSIONS = {
    # AutoThrottle that keeps each portal's own delay (newscrawl.crawl.politeness)
    "scrapy.extensions.throttle.AutoThrottle": None,
    "newscrawl.crawl.politeness.PortalThrottle": 0,
    # before StatsFile and the store's run row: both then have what the monitors found
    "spidermon.contrib.scrapy.extensions.Spidermon": 400,
    "newscrawl.crawl.extensions.StatsFile": 500,
    "newscrawl.crawl.extensions.OneLinePerFailure": 500,
}
SPIDERMON_ENABLED = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ["newscrawl.crawl.monitors.LayoutDriftSuite"]
"""Spidermon monitors run when the crawl ends (README "Layout drift"); add Spidermon's
notification actions (Slack, e-mail, Sentry...) with their own settings."""
NEWSCRAWL_LAYOUT_DRIFT_SHARE = 0.5
"""A portal has drifted when at least this share of its articles in a crawl came out
`extraction: "generic"` (its profile's layout markers no longer held): the crawl's monitor
fails and counts newscrawl/layout_drift/<portal>; `newscrawl stats` flags a portal whose
latest run is at this share and rose to it (README "Layout drift")."""
NEWSCRAWL_LAYOUT_DRIFT_MIN_ARTICLES = 5
"""...when it had at least this many articles in that crawl (fewer say too little)."""

# -- engine ------------------------------------------------------------------------------------
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "INFO"
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
"""Scrapy's remote-control server runs Python code sent to it over HTTP, in every crawl, and
leaves its access token in a file (~/.local/state/scrapy on Linux) when the crawl is killed. A
scheduled crawl needs neither; turn it on per run (`-s REMOTE_CONTROL_ENABLED=True`) to look
inside a crawl that is running."""
