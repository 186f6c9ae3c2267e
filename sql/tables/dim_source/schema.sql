-- dim_source: one row per publisher or wire service, named as printed; -1 is the Unknown source
create table if not exists dim_source (
    source_key bigint primary key,
    source_name varchar not null unique
);
insert into dim_source (source_key, source_name)
select -1, 'Unknown'
where not exists (select 1 from dim_source where dim_source.source_key = -1);
