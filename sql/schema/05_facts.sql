-- fact_entity_mention: one mention of a named entity in an article
create table if not exists fact_entity_mention (
    article_key bigint not null,
    entity_key bigint not null,
    sentence_index integer,
    char_start integer not null,
    char_end integer not null,
    mention_text varchar not null,
    ner_label varchar                    -- the label the mention was tagged with before canonicalization
);

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

-- fact_quote: one direct quotation
create table if not exists fact_quote (
    article_key bigint not null,
    speaker_entity_key bigint not null,  -- -1 if unattributed
    speaker_text varchar,                -- the words that named the speaker ('he', 'Mr. Ma')
    quote_text varchar not null,         -- inside the quote marks
    char_start integer not null,
    char_end integer not null
);

-- fact_event: one business event between actors
create table if not exists fact_event (
    article_key bigint not null,
    event_type varchar not null,
    actor1_entity_key bigint not null,
    actor2_entity_key bigint not null,
    event_date_key integer not null,
    trigger_text varchar not null,
    char_start integer not null,
    char_end integer not null
);
