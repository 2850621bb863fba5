"""Claims of URLs met (crawler/claims.py): in memory for one process, in a real Redis on
loopback for the workers of a distributed audit. A page's links are claimed at once: in
Redis one round trip for all of them, not one a link; and a page handled again after its
worker died claims its links again, which that worker may never have queued."""

from __future__ import annotations

import pytest
import redis
from redis.connection import Connection

from crawler.claims import LocalClaims
from crawler.distributed.frontier import SEEN_KEY, RedisClaims
from tests.redisserver import RedisServer

LINKS = [f"http://127.0.0.1/sida/{n}/" for n in range(100)]


def test_local_claims_say_which_urls_are_new_once() -> None:
    claims = LocalClaims(seen=[LINKS[0]])
    assert claims.claim_all([LINKS[0], LINKS[1], LINKS[1], LINKS[2]]) == {LINKS[1], LINKS[2]}
    assert claims.claim_all(LINKS[:3]) == set()
    assert LINKS[2] in claims


def test_redis_claims_are_shared_and_a_page_of_links_is_one_round_trip(
    redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = RedisClaims(redis.Redis(port=redis_server.port))
    other = RedisClaims(redis.Redis(port=redis_server.port))
    assert one.claim_all(LINKS[:10]) == set(LINKS[:10])
    assert other.server.ping()  # connected (the handshake is not a claim's)
    sent: list[int] = []
    real_send = Connection.send_packed_command

    def counted(self: Connection, command: object, check_health: bool = True) -> None:
        sent.append(1)
        real_send(self, command, check_health)

    monkeypatch.setattr(Connection, "send_packed_command", counted)
    # Another worker's claims: the ten are taken, the rest are new, a repeat counts once.
    assert other.claim_all([*LINKS, LINKS[50]]) == set(LINKS[10:])
    assert len(sent) == 1
    assert LINKS[99] in one
    assert redis.Redis(port=redis_server.port).hlen(SEEN_KEY) == len(LINKS)


def test_a_page_handled_again_claims_its_own_links_again_and_no_others(
    redis_server: RedisServer,
) -> None:
    page, other = "http://127.0.0.1/sida/1/", "http://127.0.0.1/sida/2/"
    dead = RedisClaims(redis.Redis(port=redis_server.port))
    # The worker that died had claimed the page's links, and queued none of them.
    assert dead.claim_all(LINKS[:3], page) == set(LINKS[:3])
    survivor = RedisClaims(redis.Redis(port=redis_server.port))
    # The page handled again (its lease ran out): its links are its own to queue again...
    assert survivor.claim_all([*LINKS[:3], LINKS[3]], page) == set(LINKS[:4])
    # ...and no other page's, nor the start URLs' (no owner), which every worker puts in.
    assert survivor.claim_all(LINKS[:4], other) == set()
    assert survivor.claim_all(LINKS[:4]) == set()
    assert survivor.claim_all([LINKS[4]]) == {LINKS[4]}
    assert survivor.claim_all([LINKS[4]]) == set()
