"""A lake on the cluster's PostgreSQL with its Parquet files on the S3 endpoint: the same tables and figures as a
DuckDB file, real commit conflicts retried, readers on a snapshot, and the shell statements that open it."""
from __future__ import annotations

import secrets
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest
from conftest import SEEDS, temp_settings
from test_cluster import env_of, unquoted

from flows import cli
from flows.cli import cluster_servers
from flows.extensions import load_extension
from flows.lake import s3_secret_sql
from flows.pipeline import run
from flows.report.search import search
from flows.settings import Settings
from flows.transaction import transaction
from flows.warehouse.ledger import table_counts
from flows.warehouse.loader import claim_write


def new_lake(folder: Path, root: Path) -> Settings:
    """Return settings for a new lake of its own on the cluster: a new database, a new prefix in the bucket."""
    state = cluster_servers.load(folder)
    pg = cluster_servers.postgres(folder, state)
    name = f"lake_{secrets.token_hex(4)}"
    pg.tool("createdb", *pg.login(None), name, as_owner=False)
    return replace(temp_settings(root), lake=f"postgres:{pg.dsn(name)}", lake_data=f"s3://lake/{name}",
                   cache=root / "cache", lock_timeout_seconds=60.0)


@pytest.fixture
def cluster_env(cluster, monkeypatch):  # noqa: F811
    """Point this process at the cluster (PGPASSWORD, AWS_*) the way cluster.env points a machine."""
    env = unquoted(env_of(cluster))
    for name in ("PGPASSWORD", "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"):
        monkeypatch.setenv(name, env[name])
    return env


def objects(env: dict[str, str], prefix: str) -> list[str]:
    """Return the keys under a prefix of the cluster's bucket."""
    import boto3

    s3 = boto3.client("s3", endpoint_url=env["AWS_ENDPOINT_URL"], region_name="us-east-1",
                      aws_access_key_id=env["AWS_ACCESS_KEY_ID"], aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"])
    return [o["Key"] for o in s3.list_objects_v2(Bucket="lake", Prefix=prefix).get("Contents", [])]


@pytest.mark.slow
def test_a_postgres_lake_on_s3_loads_the_seeds_like_a_file(seed_runs, cluster, cluster_env, tmp_path):  # noqa: F811
    lake = replace(new_lake(cluster, tmp_path), seeds=SEEDS)
    assert run(lake).loaded == len(list(SEEDS.iterdir()))
    assert table_counts(lake.store) == table_counts(seed_runs[0].store)
    prefix = lake.lake_data.removeprefix("s3://lake/")
    assert any(key.endswith(".parquet") for key in objects(cluster_env, prefix))
    assert not (tmp_path / "wh" / "lake-data").exists()  # nothing of the lake is written locally
    assert lake.store.search_index.parent == tmp_path / "cache" / "search"  # the run built the lake's index here
    for query, scope in (("olympic games", "articles"), ("ma", "quotes")):
        assert search(lake.store, query, scope, limit=100) == search(seed_runs[0].store, query, scope, limit=100)
    again = run(lake)
    assert (again.loaded, again.skipped) == (0, 5)


@pytest.mark.slow
def test_a_conflicting_commit_is_retried_and_readers_keep_their_snapshot(cluster, cluster_env, tmp_path):  # noqa: F811
    store = new_lake(cluster, tmp_path).store
    with store.connect() as con:
        store.ensure_schema(con)
    attempts = []
    count = "select writes from load_token"

    def attempt() -> None:
        """Claim the lake; the first time, another writer commits its claim before this one commits."""
        attempts.append(1)
        with store.connect() as con, store.connect(read_only=True) as reader:
            reader.execute("begin transaction")
            before = reader.execute(count).fetchone()
            with transaction(con):
                claim_write(store, con)
                if len(attempts) == 1:
                    with store.connect() as other, transaction(other):
                        claim_write(store, other)
            assert reader.execute(count).fetchone() == before  # the reader's snapshot stays
            reader.execute("commit")

    store.retry(attempt)
    assert len(attempts) == 2  # the first commit lost a real conflict, the second went through
    with store.connect(read_only=True) as con:
        assert con.execute(count).fetchone() == (2,)  # the other writer's claim and the retried one


@pytest.mark.slow
def test_wirehouse_sql_opens_the_postgres_lake_on_s3(cluster, cluster_env, tmp_path, capsys, monkeypatch):  # noqa: F811
    lake = new_lake(cluster, tmp_path)
    with lake.store.connect() as con:
        lake.store.ensure_schema(con)
    monkeypatch.setenv("WIREHOUSE_LAKE_DATA", lake.lake_data)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert cli.main(["sql", "--lake", lake.lake]) == 0
    shell = duckdb.connect()
    shell.execute(capsys.readouterr().out)
    assert shell.execute("select count(*) from dim_article").fetchone() == (1,)  # the Unknown member
    with pytest.raises(duckdb.Error, match="read-only"):
        shell.execute("delete from dim_article")


@pytest.mark.parametrize("environ, present, absent", [
    ({}, None, None),  # no key: DuckDB's own (persistent) secrets apply
    ({"AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "s'cret"},
     ["key_id 'AKID'", "secret 's''cret'", "region 'us-east-1'"], ["endpoint", "url_style"]),
    ({"AWS_ACCESS_KEY_ID": "k", "AWS_ENDPOINT_URL": "http://minio.local:9000/", "AWS_DEFAULT_REGION": "eu-west-1"},
     ["endpoint 'minio.local:9000'", "url_style 'path'", "use_ssl false", "region 'eu-west-1'"], []),
    ({"AWS_ACCESS_KEY_ID": "k", "AWS_ENDPOINT_URL": "http://a:1", "AWS_ENDPOINT_URL_S3": "https://r2.example:443",
      "AWS_SESSION_TOKEN": "tok", "AWS_REGION": "auto"},
     ["endpoint 'r2.example:443'", "use_ssl true", "session_token 'tok'", "region 'auto'"], ["'a:1'"]),
])
def test_the_s3_secret_comes_from_the_standard_aws_variables(environ, present, absent):
    sql = s3_secret_sql(environ)
    if present is None:
        assert sql is None
        return
    assert sql.startswith("create or replace secret wirehouse_lake_s3 (type s3, ")
    assert all(part in sql for part in present) and not any(part in sql for part in absent)
    con = duckdb.connect()  # DuckDB takes the statement as it is
    load_extension(con, "httpfs")
    con.execute(sql)
    assert con.execute("select name, type from duckdb_secrets()").fetchall() == [("wirehouse_lake_s3", "s3")]
