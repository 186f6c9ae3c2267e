-- the quotes as the full-text index reads them: one row per quote with a unique id and its speaker's names.
-- Rebuilt before each index refresh; it lives in schema `search`, out of sight of `show tables` and ad-hoc SQL.
create schema if not exists search;

create or replace table search.quote as
with attributed_quotes as (
    select
        fact_quote.article_key,
        fact_quote.char_start,
        fact_quote.quote_text,
        fact_quote.speaker_entity_key
    from fact_quote
)
select
    row_number() over (order by attributed_quotes.article_key, attributed_quotes.char_start) as quote_id,
    attributed_quotes.article_key,
    attributed_quotes.char_start,
    attributed_quotes.quote_text,
    case when dim_entity.entity_key = -1 then null else dim_entity.canonical_name end as speaker,
    -- every surface form, so "Ma" or "Mr. Ma" finds Jack Ma's quotes too
    case when dim_entity.entity_key = -1 then null
         else array_to_string(list_distinct(list_prepend(dim_entity.canonical_name, coalesce(dim_entity.aliases, []))), ' ')
    end as speaker_names
from attributed_quotes
join dim_entity on dim_entity.entity_key = attributed_quotes.speaker_entity_key;
