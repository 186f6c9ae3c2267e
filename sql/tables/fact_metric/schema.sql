-- fact_metric: one quantity stated in the text
create table if not exists fact_metric (
    article_key bigint not null,
    entity_key bigint not null,          -- what the number is about, -1 if unclear
    metric_text varchar not null,
    value double,
    unit varchar,
    metric_kind varchar not null,        -- money, percent, count, other
    sentence_index integer,
    char_start integer not null,
    char_end integer not null
);
