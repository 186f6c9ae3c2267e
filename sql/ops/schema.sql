-- load_token: one row that every write transaction updates, so two overlapping writers to a DuckLake cannot
-- both commit (see flows/lake.py); on a DuckDB file it only counts the writes
create table if not exists load_token (
    writes bigint not null
);
insert into load_token (writes)
select 0
where not exists (select 1 from load_token);

-- etl_run: one row per flow run
create table if not exists etl_run (
    run_id bigint primary key,
    started_at timestamp not null,
    finished_at timestamp,
    status varchar not null,             -- running, success, failed
    files_seen integer,
    files_loaded integer,
    files_skipped integer,               -- already present
    files_quarantined integer,
    rows_loaded json,                    -- {"dim_article": n, "fact_metric": n, ...}
    error varchar                        -- why a failed run stopped
);
alter table etl_run add column if not exists error varchar;

-- quarantine: one row per input file, or per staged row, that was not loaded; the file itself stays on disk
create table if not exists quarantine (
    run_id bigint,
    file_name varchar not null,
    stage varchar not null,              -- read, parse, extract, validate, load
    reason varchar not null,
    quarantined_path varchar,
    quarantined_at timestamp not null,
    table_name varchar,                  -- for a row: the table it was staged for
    row_data json                        -- for a row: its staged values (article_id, offsets, text...)
);
alter table quarantine add column if not exists table_name varchar;
alter table quarantine add column if not exists row_data json;

-- validation_result: one row per expectation evaluated per run
create table if not exists validation_result (
    run_id bigint,
    suite varchar not null,
    expectation varchar not null,
    success boolean not null,
    unexpected_count integer
);

-- validation_report: one Great Expectations result (JSON) per suite per batch, for `wirehouse docs`
create table if not exists validation_report (
    run_id bigint,
    batch_number integer,
    suite varchar not null,
    success boolean not null,
    result json not null
);
