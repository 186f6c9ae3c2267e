-- fact_quote: one direct quotation
create table if not exists fact_quote (
    article_key bigint not null,
    speaker_entity_key bigint not null,  -- -1 if unattributed
    speaker_text varchar,                -- the words that named the speaker ('he', 'Mr. Ma')
    quote_text varchar not null,         -- inside the quote marks
    char_start integer not null,
    char_end integer not null
);
