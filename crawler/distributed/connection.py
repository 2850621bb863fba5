"""The queue of a distributed audit: a connection to Redis, and the run's record in it.

The address is a URL, ``redis://HOST:PORT/DB`` or ``rediss://HOST:PORT/DB`` (TLS). The
credentials never come from the URL (it is shown in logs and error messages): a password
comes from ``KLARSYN_REDIS_PASSWORD`` and an ACL user from ``KLARSYN_REDIS_USER``, and
a URL that carries either is refused. With ``rediss://``, ``KLARSYN_REDIS_CA`` names a
CA bundle to verify the server with (the system's by default).

The coordinator writes the run's record (:data:`RUN_KEY`): the store schema version
(reports/store/schema.py) and klarsyn's version it was made with; a worker of another
schema version refuses the queue, since the results it sends would not fit the store.

Every failure is a :class:`QueueError`: one sentence for the user, without credentials.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from crawler import __version__
from crawler.config import ConfigError
from reports.store.schema import SCHEMA_VERSION

PASSWORD_VARIABLE = "KLARSYN_REDIS_PASSWORD"  # noqa: S105 (the variable's name, not a password)
USER_VARIABLE = "KLARSYN_REDIS_USER"
CA_VARIABLE = "KLARSYN_REDIS_CA"
#: Every key of klarsyn's in the database starts with this.
PREFIX = "klarsyn:"
#: A hash: the run in progress (schema, version, run id, site, state).
RUN_KEY = PREFIX + "run"
#: Seconds the run's record outlives its coordinator's last sign of life: a coordinator
#: that died (SIGKILL, a lost machine) leaves no run behind that workers wait on forever
#: or that refuses the next coordinator.
RUN_TTL = 15
#: Seconds to wait for the server to connect or answer.
_TIMEOUT = 10.0


class QueueError(ConfigError):
    """The queue cannot be used: the message is one sentence for the user."""


@dataclass(frozen=True)
class QueueAddress:
    """Where the queue is: no credentials, so it can be logged and shown."""

    host: str
    port: int
    db: int
    tls: bool

    def __str__(self) -> str:
        scheme = "rediss" if self.tls else "redis"
        return f"{scheme}://{self.host}:{self.port}/{self.db}"


def parse_queue_url(url: str) -> QueueAddress:
    """The address in ``url``; QueueError for anything else (never echoing credentials)."""
    try:
        parts = urlsplit(url)
        port = parts.port or 6379
    except ValueError:
        raise QueueError(
            "the queue must be a URL like redis://HOST:PORT/DB or rediss://HOST:PORT/DB"
        ) from None
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise QueueError(
            "the queue must be a URL like redis://HOST:PORT/DB or rediss://HOST:PORT/DB"
        )
    if parts.username or parts.password:
        raise QueueError(
            f"the queue URL must not carry credentials: set {PASSWORD_VARIABLE}"
            f" (and {USER_VARIABLE} for an ACL user) in the environment instead"
        )
    if parts.query or parts.fragment:
        raise QueueError("the queue URL takes no query or fragment: redis://HOST:PORT/DB")
    path = parts.path.strip("/") or "0"
    if not path.isdigit():
        raise QueueError(f"the queue URL's database must be a number, not {path!r}")
    return QueueAddress(parts.hostname, port, int(path), parts.scheme == "rediss")


def connect(url: str, environ: Mapping[str, str]) -> tuple[redis.Redis, QueueAddress]:
    """A checked connection to the queue at ``url`` with the environment's credentials."""
    address = parse_queue_url(url)
    options: dict[str, object] = {}
    if address.tls:
        options["ssl"] = True
        if ca := environ.get(CA_VARIABLE):
            if not os.access(ca, os.R_OK) or not os.path.isfile(ca):
                raise QueueError(f"{CA_VARIABLE} names {ca}, which is not a readable file")
            options["ssl_ca_certs"] = ca
    client = redis.Redis(
        host=address.host,
        port=address.port,
        db=address.db,
        username=environ.get(USER_VARIABLE) or None,
        password=environ.get(PASSWORD_VARIABLE) or None,
        socket_connect_timeout=_TIMEOUT,
        socket_timeout=_TIMEOUT,
        decode_responses=False,
        # A refused password or an absent server is said at once, not after retries.
        retry=Retry(NoBackoff(), 0),
        **options,  # type: ignore[arg-type]
    )
    try:
        client.ping()
    except redis.AuthenticationError:
        raise QueueError(_refused(address, environ)) from None
    except redis.ResponseError as exc:
        # NOAUTH (no password given) and WRONGPASS come as response errors too.
        text = str(exc)
        if text.startswith(("NOAUTH", "WRONGPASS")) or "AUTH" in text:
            raise QueueError(_refused(address, environ)) from None
        raise QueueError(f"the queue at {address} answered with an error: {text}") from None
    except redis.ConnectionError as exc:
        if "CERTIFICATE_VERIFY_FAILED" in str(exc):
            raise QueueError(
                f"the queue at {address} has a TLS certificate that is not trusted here:"
                f" set {CA_VARIABLE} to the certificate of the CA that signed it"
            ) from None
        raise QueueError(f"cannot reach the queue at {address}: {_reason(exc)}") from None
    except redis.TimeoutError:
        raise QueueError(f"the queue at {address} did not answer in {_TIMEOUT:.0f} s") from None
    return client, address


def _refused(address: QueueAddress, environ: Mapping[str, str]) -> str:
    if not environ.get(PASSWORD_VARIABLE):
        return (
            f"the queue at {address} requires a password: set {PASSWORD_VARIABLE}"
            f" (and {USER_VARIABLE} for an ACL user)"
        )
    return (
        f"the queue at {address} refused the password in {PASSWORD_VARIABLE}"
        f" (or the user in {USER_VARIABLE})"
    )


def _reason(exc: Exception) -> str:
    """The last line of a connection error, e.g. "Connection refused"."""
    text = str(exc).rstrip(".").split(". ")[-1]
    return text or type(exc).__name__


@dataclass(frozen=True)
class RunRecord:
    """The run a queue holds, as the coordinator announced it."""

    run_id: int
    site: str
    schema: int
    version: str


def announce_run(client: redis.Redis, run_id: int, site: str) -> RunRecord:
    """Write this coordinator's run into the queue (replacing a finished one)."""
    record = RunRecord(run_id, site, SCHEMA_VERSION, __version__)
    pipe = client.pipeline(transaction=True)
    pipe.hset(
        RUN_KEY,
        mapping={
            "run": str(run_id),
            "site": site,
            "schema": str(SCHEMA_VERSION),
            "version": __version__,
        },
    )
    pipe.expire(RUN_KEY, RUN_TTL)
    pipe.execute()
    return record


def keep_run(client: redis.Redis) -> None:
    """The coordinator is alive: its run's record lives another RUN_TTL seconds."""
    client.expire(RUN_KEY, RUN_TTL)


def read_run(client: redis.Redis, address: QueueAddress) -> RunRecord | None:
    """The queue's run, checked against this klarsyn; None when no run is in progress."""
    fields = {k.decode(): v.decode() for k, v in client.hgetall(RUN_KEY).items()}
    if not fields:
        return None
    try:
        record = RunRecord(
            int(fields["run"]), fields.get("site", ""), int(fields["schema"]), fields["version"]
        )
    except (KeyError, ValueError):
        raise QueueError(
            f"the queue at {address} holds a run record klarsyn cannot read ({RUN_KEY})"
        ) from None
    if record.schema != SCHEMA_VERSION:
        raise QueueError(
            f"the run in the queue at {address} was made by klarsyn {record.version}"
            f" (store schema {record.schema}), and this klarsyn {__version__} writes schema"
            f" {SCHEMA_VERSION}: run the same klarsyn version on the coordinator and every worker"
        )
    return record


def end_run(client: redis.Redis) -> None:
    """Remove the run's record: workers that see no run exit."""
    client.delete(RUN_KEY)
