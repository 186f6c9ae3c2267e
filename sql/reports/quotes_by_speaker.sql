-- who is quoted, how often, and the start of their first quote
with attributed_quotes as (
    select speaker_entity_key, quote_text, article_key, char_start
    from fact_quote
    where speaker_entity_key <> -1
)
select dim_entity.canonical_name as speaker,
       count(*) as quotes,
       left(arg_min(attributed_quotes.quote_text, attributed_quotes.article_key * 1000000 + attributed_quotes.char_start), 45) as first_quote
from attributed_quotes
join dim_entity on dim_entity.entity_key = attributed_quotes.speaker_entity_key
group by dim_entity.canonical_name
order by quotes desc, speaker;
