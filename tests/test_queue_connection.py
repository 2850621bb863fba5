"""The queue connection of a distributed audit (crawler/distributed/connection.py) against
a real redis-server on loopback: the URL, credentials from the environment only, and one
clear sentence for each way the queue cannot be used."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from redis.connection import SSLConnection

from crawler import __version__
from crawler.distributed.connection import (
    CA_VARIABLE,
    PASSWORD_VARIABLE,
    RUN_KEY,
    QueueAddress,
    QueueError,
    announce_run,
    connect,
    end_run,
    parse_queue_url,
    read_run,
)
from reports.store.schema import SCHEMA_VERSION
from tests.conftest import REDIS_TEST_PASSWORD, Run
from tests.redisserver import RedisServer


def test_a_redis_url_is_an_address_and_rediss_means_tls() -> None:
    assert parse_queue_url("redis://10.0.0.5:6380/3") == QueueAddress("10.0.0.5", 6380, 3, False)
    assert parse_queue_url("rediss://queue.example:6379/0").tls
    assert parse_queue_url("redis://queue.example") == QueueAddress("queue.example", 6379, 0, False)
    assert str(parse_queue_url("rediss://q:7000/2")) == "rediss://q:7000/2"


@pytest.mark.parametrize(
    "url", ["http://q:6379/0", "q:6379", "redis:///0", "redis://q:notaport/0", "redis://q/db"]
)
def test_anything_but_a_redis_url_is_one_sentence(url: str) -> None:
    with pytest.raises(QueueError) as error:
        parse_queue_url(url)
    assert "\n" not in str(error.value)


def test_a_url_with_credentials_is_refused_without_echoing_them() -> None:
    with pytest.raises(QueueError) as error:
        parse_queue_url("redis://klarsyn:hemligt-lösen@q:6379/0")
    assert "hemligt" not in str(error.value)
    assert PASSWORD_VARIABLE in str(error.value)


def test_a_server_that_is_not_there_is_one_sentence(redis_server: RedisServer) -> None:
    url = redis_server.url
    redis_server.stop()
    with pytest.raises(QueueError) as error:
        connect(url, {})
    message = str(error.value)
    assert message.startswith(f"cannot reach the queue at {url}")
    assert "\n" not in message


def test_a_wrong_password_is_one_sentence_without_the_password(
    redis_with_password: RedisServer,
) -> None:
    with pytest.raises(QueueError) as error:
        connect(redis_with_password.url, {PASSWORD_VARIABLE: "fel-lösenord"})
    message = str(error.value)
    assert message == (
        f"the queue at {redis_with_password.url} refused the password in"
        f" {PASSWORD_VARIABLE} (or the user in KLARSYN_REDIS_USER)"
    )
    assert "fel-lösenord" not in message


def test_no_password_for_a_server_that_requires_one_says_which_variable(
    redis_with_password: RedisServer,
) -> None:
    with pytest.raises(QueueError, match=f"requires a password: set {PASSWORD_VARIABLE}"):
        connect(redis_with_password.url, {})


def test_the_right_password_from_the_environment_connects(
    redis_with_password: RedisServer,
) -> None:
    client, address = connect(redis_with_password.url, {PASSWORD_VARIABLE: REDIS_TEST_PASSWORD})
    assert client.ping()
    assert address.port == redis_with_password.port


def test_a_run_announced_is_read_back_and_ended(redis_server: RedisServer) -> None:
    client, address = connect(redis_server.url, {})
    assert read_run(client, address) is None
    announce_run(client, 7, "https://www.kommun.se/")
    record = read_run(client, address)
    assert record is not None
    assert (record.run_id, record.site, record.schema, record.version) == (
        7, "https://www.kommun.se/", SCHEMA_VERSION, __version__,
    )
    end_run(client)
    assert read_run(client, address) is None


def test_a_run_of_another_schema_version_is_refused_with_one_sentence(
    redis_server: RedisServer,
) -> None:
    client, address = connect(redis_server.url, {})
    announce_run(client, 1, "https://www.kommun.se/")
    client.hset(RUN_KEY, mapping={"schema": str(SCHEMA_VERSION + 1), "version": "9.9.9"})
    with pytest.raises(QueueError) as error:
        read_run(client, address)
    message = str(error.value)
    assert f"made by klarsyn 9.9.9 (store schema {SCHEMA_VERSION + 1})" in message
    assert "the same klarsyn version on the coordinator and every worker" in message
    assert "\n" not in message


def test_rediss_speaks_tls_verified_with_the_ca_given(redis_over_tls: RedisServer) -> None:
    assert redis_over_tls.tls_files is not None
    environ = {
        PASSWORD_VARIABLE: REDIS_TEST_PASSWORD,
        CA_VARIABLE: str(redis_over_tls.tls_files.ca),
    }
    client, address = connect(redis_over_tls.url, environ)
    assert address.tls
    assert client.ping()
    assert client.connection_pool.connection_class is SSLConnection
    client.close()


def test_a_tls_certificate_not_trusted_is_one_sentence_naming_the_ca_variable(
    redis_over_tls: RedisServer,
) -> None:
    # Signed by the test's CA, which the system's CA bundle does not hold.
    with pytest.raises(QueueError) as error:
        connect(redis_over_tls.url, {PASSWORD_VARIABLE: REDIS_TEST_PASSWORD})
    assert str(error.value) == (
        f"the queue at {redis_over_tls.url} has a TLS certificate that is not trusted"
        f" here: set {CA_VARIABLE} to the certificate of the CA that signed it"
    )


def test_a_ca_file_that_is_not_there_is_one_sentence(tmp_path: Path) -> None:
    missing = tmp_path / "ca.pem"
    with pytest.raises(QueueError) as error:
        connect("rediss://127.0.0.1:9/0", {CA_VARIABLE: str(missing)})
    assert str(error.value) == f"{CA_VARIABLE} names {missing}, which is not a readable file"


def test_plain_redis_to_a_tls_only_server_does_not_get_through(
    redis_over_tls: RedisServer,
) -> None:
    plain = redis_over_tls.url.replace("rediss://", "redis://")
    with pytest.raises(QueueError) as error:
        connect(plain, {PASSWORD_VARIABLE: REDIS_TEST_PASSWORD})
    assert str(error.value).startswith(f"cannot reach the queue at {plain}: ")
    assert "\n" not in str(error.value)


# -- the command line --------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("audit", "http://127.0.0.1:9/", "--queue", "http://q:6379/0"),
            "the queue must be a URL like redis://HOST:PORT/DB or rediss://HOST:PORT/DB",
        ),
        (
            ("audit", "http://127.0.0.1:9/", "--lease", "30"),
            "--lease is for a distributed audit: give --queue too",
        ),
        (
            ("audit", "http://127.0.0.1:9/", "--incremental", "--queue", "redis://127.0.0.1:9/0"),
            "--incremental does not work with --queue yet",
        ),
        (
            ("audit", "--sites", "sites.toml", "--queue", "redis://127.0.0.1:9/0"),
            "--queue does not work with --sites yet: audit one site at a time",
        ),
        (
            ("worker", "redis://u:geheim@127.0.0.1:9/0"),
            "the queue URL must not carry credentials: set KLARSYN_REDIS_PASSWORD"
            " (and KLARSYN_REDIS_USER for an ACL user) in the environment instead",
        ),
    ],
)
def test_bad_queue_options_are_one_sentence_and_exit_1(
    klarsyn: Callable[..., Run], args: tuple[str, ...], message: str
) -> None:
    run = klarsyn(*args)
    assert run.code == 1
    assert run.stderr == f"klarsyn: error: {message}\n"


def test_a_worker_with_no_server_at_the_queue_says_so(
    klarsyn: Callable[..., Run], redis_server: RedisServer
) -> None:
    url = redis_server.url
    redis_server.stop()
    run = klarsyn("worker", url)
    assert run.code == 1
    assert run.stderr.startswith(f"klarsyn: error: cannot reach the queue at {url}: ")
    assert run.stderr.count("\n") == 1


def test_a_worker_refuses_a_run_of_another_schema_version(
    klarsyn: Callable[..., Run], redis_server: RedisServer
) -> None:
    client, _ = connect(redis_server.url, {})
    announce_run(client, 3, "https://www.kommun.se/")
    client.hset(RUN_KEY, "schema", str(SCHEMA_VERSION - 1))
    client.close()
    run = klarsyn("worker", redis_server.url, "--wait", "5")
    assert run.code == 1
    assert run.stderr.startswith(f"klarsyn: error: the run in the queue at {redis_server.url}")
    assert "the same klarsyn version on the coordinator and every worker" in run.stderr


def test_a_worker_with_no_run_gives_up_after_its_wait(
    klarsyn: Callable[..., Run], redis_server: RedisServer
) -> None:
    run = klarsyn("worker", redis_server.url, "--wait", "1")
    assert run.code == 0
    assert run.stderr == "klarsyn: no run came to the queue within 1 s\n"
