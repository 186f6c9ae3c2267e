-- dim_source: one row per publisher or wire service, named as printed; -1 is the Unknown source
create sequence if not exists seq_source start 1;
create table if not exists dim_source (
    source_key bigint primary key,
    source_name varchar not null unique
);
insert into dim_source (source_key, source_name) values (-1, 'Unknown') on conflict do nothing;
