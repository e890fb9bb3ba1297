"""The frontier's atomic steps, each one Lua script run by Redis: a worker never holds a
request that Redis does not know it holds, and a request is never in two places at once."""

from __future__ import annotations

from typing import Any

TAKE = """
for i = 2, #KEYS do
  local found = redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')
  if #found > 0 then
    redis.call('ZREM', KEYS[i], found[1])
    local entry = ARGV[1] .. '|' .. found[2] .. '|' .. KEYS[i]
    redis.call('HSET', KEYS[1], entry, found[1])
    return {entry, found[1]}
  end
end
return false
"""
"""KEYS: the worker's taken hash, then the queues in the order to try; ARGV: a number unique
to this take. Moves the first request of the first queue that has one into the taken hash,
under an entry naming its score and queue (so that it can go back), and returns both."""

ADD = """
if ARGV[1] == '' or redis.call('SADD', KEYS[2], ARGV[1]) == 1 then
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
  return 1
end
return 0
"""
"""KEYS: a queue and its seen set; ARGV: the request's fingerprint (empty: never filtered),
score and bytes. Queues the request unless its fingerprint was seen; both in one step, so
that no kill can leave a request marked seen but never queued."""

REAP = """
if ARGV[1] ~= '1' and redis.call('EXISTS', KEYS[2]) == 1 then
  return -1
end
local entries = redis.call('HGETALL', KEYS[1])
for i = 1, #entries, 2 do
  local score, queue = string.match(entries[i], '^[^|]*|([^|]*)|(.*)$')
  redis.call('ZADD', queue, score, entries[i + 1])
end
redis.call('DEL', KEYS[1])
return #entries / 2
"""
"""KEYS: a worker's taken hash and heartbeat; ARGV: "1" to give back even while the heartbeat
lives (a worker closing). Puts every request the worker took back in its queue; -1 if the
worker is alive."""

RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local at = math.max(now, free)
local interval = tonumber(ARGV[1])
redis.call('SET', KEYS[1], at + interval, 'PX', math.floor(interval / 1000) + 60000)
return at - now
"""
"""KEYS: a slot's pace key; ARGV: its interval in microseconds. Reserves the slot's next free
moment (now, or the previous reservation plus the interval), by Redis's clock, and returns
the microseconds to wait for it."""


def take_request(
    client: Any, taken: str, queues: list[str], number: int
) -> tuple[str, bytes] | None:
    """(entry, request bytes) taken from the first of `queues` that holds one, or None."""
    found = client.eval(TAKE, 1 + len(queues), taken, *queues, number)
    if not found:
        return None
    entry, data = found
    return entry.decode() if isinstance(entry, bytes) else entry, data


def add_request(
    client: Any, queue: str, seen: str, fingerprint: bytes, score: float, data: bytes
) -> bool:
    """Queue a request unless `fingerprint` (b"": none) is in `seen`; whether it was queued."""
    return bool(client.eval(ADD, 2, queue, seen, fingerprint, score, data))


def reap_worker(client: Any, taken: str, alive: str, *, force: bool = False) -> int:
    """Give a worker's taken requests back to their queues; how many (-1: it is alive)."""
    return int(client.eval(REAP, 2, taken, alive, "1" if force else "0"))


async def reserve_slot(client: Any, pace: str, interval: float) -> float:
    """Seconds to wait for the slot's next free moment, reserved (redis.asyncio client)."""
    waited = await client.eval(RESERVE, 1, pace, round(interval * 1_000_000))
    return int(waited) / 1_000_000
