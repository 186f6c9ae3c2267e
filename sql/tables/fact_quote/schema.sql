-- fact_quote: one direct quotation
create table if not exists fact_quote (
    article_key bigint not null,
    speaker_entity_key bigint not null,  -- -1 if unattributed
    speaker_text varchar,                -- the words that named the speaker ('he', 'Mr. Ma')
    quote_text varchar not null,         -- inside the quote marks
    char_start integer not null,
    char_end integer not null,
    speaker_char_start integer,          -- the words that named the speaker, half-open offsets in the body
    speaker_char_end integer,            -- (null when no words attribute the quotation)
    rule varchar,                        -- how the speaker was found: 'cue', 'pronoun', 'continuation'... (null: none)
    tone double                          -- the tone of its sentence(s), -100..100 (flows/extract/tone.py)
);
-- warehouses created before quotes said where their speaker came from
alter table fact_quote add column if not exists speaker_char_start integer;
alter table fact_quote add column if not exists speaker_char_end integer;
alter table fact_quote add column if not exists rule varchar;
-- warehouses created before tone (filled by `wirehouse reprocess`)
alter table fact_quote add column if not exists tone double;
