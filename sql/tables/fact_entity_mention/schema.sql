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
