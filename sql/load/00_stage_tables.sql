-- staging tables: one batch of extracted rows, keyed by article_id, before surrogate keys are looked up
create or replace temp table stage_article (
    article_id varchar, file_name varchar, title varchar, author varchar, source_name varchar,
    published_date date, dateline varchar, language varchar, word_count integer, body varchar
);
create or replace temp table stage_entity (
    article_id varchar, match_key varchar, entity_type varchar, canonical_name varchar,
    country_code varchar, aliases varchar[]
);
create or replace temp table stage_mention (
    article_id varchar, entity_match_key varchar, entity_entity_type varchar, sentence_index integer,
    char_start integer, char_end integer, mention_text varchar, ner_label varchar
);
create or replace temp table stage_metric (
    article_id varchar, entity_match_key varchar, entity_entity_type varchar, metric_text varchar,
    value double, unit varchar, metric_kind varchar, sentence_index integer, char_start integer, char_end integer
);
create or replace temp table stage_quote (
    article_id varchar, speaker_match_key varchar, speaker_entity_type varchar, speaker_text varchar,
    quote_text varchar, char_start integer, char_end integer
);
create or replace temp table stage_event (
    article_id varchar, event_type varchar, actor1_match_key varchar, actor1_entity_type varchar,
    actor2_match_key varchar, actor2_entity_type varchar, event_date date, trigger_text varchar,
    char_start integer, char_end integer
);
create or replace temp table stage_date (
    date_key integer, full_date date, year integer, quarter integer, month integer, month_name varchar,
    day integer, day_of_week integer, is_weekend boolean
);
