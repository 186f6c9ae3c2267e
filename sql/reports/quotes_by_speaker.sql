-- who is quoted, how often, by which rules the speaker was found (fact_quote.rule), and the start of their first quote
with attributed_quotes as (
    select dim_entity.canonical_name as speaker,
           fact_quote.quote_text,
           fact_quote.article_key,
           fact_quote.char_start,
           coalesce(fact_quote.rule, 'not recorded') as rule
    from fact_quote
    join dim_entity on dim_entity.entity_key = fact_quote.speaker_entity_key
    where fact_quote.speaker_entity_key <> -1
),
per_rule as (
    select speaker, rule, count(*) as quotes
    from attributed_quotes
    group by speaker, rule
),
rules as (
    select speaker, string_agg(rule || ' ' || quotes, ', ' order by quotes desc, rule) as found_by
    from per_rule
    group by speaker
)
select attributed_quotes.speaker,
       count(*) as quotes,
       rules.found_by,
       left(arg_min(attributed_quotes.quote_text, attributed_quotes.article_key * 1000000 + attributed_quotes.char_start), 45) as first_quote
from attributed_quotes
join rules on rules.speaker = attributed_quotes.speaker
group by attributed_quotes.speaker, rules.found_by
order by quotes desc, speaker;
