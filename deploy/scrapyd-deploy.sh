#!/usr/bin/env bash
# scrapyd-deploy.sh [scrapyd-deploy arguments...]      e.g.  deploy/scrapyd-deploy.sh local
#
# Runs scrapyd-client's `scrapyd-deploy` (same arguments: a target, i.e. a [deploy:NAME]
# section of scrapy.cfg, -p PROJECT, -v VERSION, --build-egg FILE, ...) on a clean temporary
# copy of the project: the newscrawl package and scrapy.cfg, nothing else. Run in the checkout itself,
# scrapyd-deploy would write a setup.py there, and with pyproject.toml beside it recent
# setuptools drop that setup.py's `scrapy` entry point from the egg (pyproject.toml does not
# declare it), so Scrapyd could not find the project's settings. In the copy, without
# pyproject.toml, scrapyd-deploy's own generated setup.py is all there is.
#
# Environment (optional):
#   SCRAPYD_DEPLOY   the scrapyd-deploy executable (default: .venv/bin/scrapyd-deploy of the
#                    checkout when it exists, else scrapyd-deploy on PATH)
# Targets may also come from ~/.scrapy.cfg or $XDG_CONFIG_HOME/scrapy.cfg (Scrapy's config
# files), e.g. a [deploy:production] with a url and username; the checkout's scrapy.cfg wins.
set -euo pipefail

home=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ -n "${SCRAPYD_DEPLOY:-}" ]; then
  deploy=$SCRAPYD_DEPLOY
elif [ -x "$home/.venv/bin/scrapyd-deploy" ]; then
  deploy=$home/.venv/bin/scrapyd-deploy
else
  deploy=$(command -v scrapyd-deploy) || {
    echo "scrapyd-deploy.sh: no scrapyd-deploy found: pip install scrapyd-client" >&2
    exit 78
  }
fi

# --build-egg FILE and --egg FILE are relative to where this was started, not to the copy
args=()
while [ $# -gt 0 ]; do
  case $1 in
    --build-egg | --egg)
      [ $# -ge 2 ] || { echo "scrapyd-deploy.sh: $1 needs a file" >&2; exit 64; }
      case $2 in /*) file=$2 ;; *) file=$PWD/$2 ;; esac
      args+=("$1" "$file")
      shift 2
      ;;
    --build-egg=* | --egg=*)
      file=${1#*=}
      case $file in /*) ;; *) file=$PWD/$file ;; esac
      args+=("${1%%=*}=$file")
      shift
      ;;
    *)
      args+=("$1")
      shift
      ;;
  esac
done

work=$(mktemp -d "${TMPDIR:-/tmp}/newscrawl-deploy.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp "$home/scrapy.cfg" "$work/"
# the package without caches or build leftovers
tar -C "$home" --exclude=__pycache__ --exclude='*.pyc' -cf - newscrawl | tar -C "$work" -xf -
cd "$work"
# ${args[@]+...}: an empty array is "unbound" to bash < 4.4 under set -u
"$deploy" ${args[@]+"${args[@]}"}
