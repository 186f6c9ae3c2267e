-- one entity in profile: what it is (with its place or identifiers), its mentions and mean article tone by week (undated articles last), the entities named with it most, its quotes and its events
-- param entity: the entity, by canonical name or any alias (any case) or by entity_key; default: the most mentioned entity
with wanted as (
    select dim_entity.entity_key
    from dim_entity
    left join fact_entity_mention on fact_entity_mention.entity_key = dim_entity.entity_key
    where dim_entity.entity_key <> -1
      and (getvariable('entity') is null
           or lower(getvariable('entity')) = lower(dim_entity.canonical_name)
           or list_contains(list_transform(dim_entity.aliases, lambda a: lower(a)), lower(getvariable('entity')))
           or trim(getvariable('entity')) = cast(dim_entity.entity_key as varchar))
    group by dim_entity.entity_key, dim_entity.canonical_name
    -- a name several entities bear (a person and a company): the one named most; its key picks any one
    order by trim(coalesce(getvariable('entity'), '')) = cast(dim_entity.entity_key as varchar) desc,
             count(fact_entity_mention.entity_key) desc, dim_entity.entity_key
    limit 1
),
mentioned as (
    select fact_entity_mention.article_key, count(*) as mentions
    from fact_entity_mention
    join wanted on wanted.entity_key = fact_entity_mention.entity_key
    group by fact_entity_mention.article_key
),
articles as (
    select mentioned.article_key, mentioned.mentions, dim_article.title, dim_article.tone,
           date_trunc('week', dim_date.full_date) as week
    from mentioned
    join dim_article on dim_article.article_key = mentioned.article_key
    left join dim_date on dim_date.date_key = dim_article.published_date_key
),
profile as (
    select 1 as part, 'entity' as section, null::date as day,
           dim_entity.canonical_name || ' (' || dim_entity.entity_type
               || coalesce(', ' || dim_entity.ticker, '') || coalesce(', ISIN ' || dim_entity.isin, '')
               || coalesce(', ' || round(dim_entity.latitude, 2) || ', ' || round(dim_entity.longitude, 2), '')
               || ')' as item,
           (select count(*) from articles) as articles,
           (select sum(mentions) from articles)::bigint as mentions,
           (select round(avg(tone), 2) from articles) as tone,
           'key ' || dim_entity.entity_key as detail
    from dim_entity
    join wanted on wanted.entity_key = dim_entity.entity_key
),
weeks as (
    select 2 as part, 'week' as section, week::date as day, 'week of ' || coalesce(strftime(week, '%Y-%m-%d'), 'undated')
               as item,
           count(*) as articles, sum(mentions)::bigint as mentions, round(avg(tone), 2) as tone, null as detail
    from articles
    group by week
),
named_with as (
    select 3 as part, 'named with' as section, null::date as day,
           other.canonical_name || ' (' || other.entity_type || ')' as item,
           count(distinct articles.article_key) as articles, count(*) as mentions,
           round(avg(articles.tone), 2) as tone, null as detail
    from articles
    join fact_entity_mention on fact_entity_mention.article_key = articles.article_key
    join dim_entity as other on other.entity_key = fact_entity_mention.entity_key
    where other.entity_key <> -1
      and other.entity_key not in (select entity_key from wanted)
    group by other.entity_key, other.canonical_name, other.entity_type
    order by articles desc, mentions desc, item
    limit 10
),
quotes as (
    select 4 as part, 'quote' as section, dim_date.full_date as day, fact_quote.quote_text as item,
           null::bigint as articles, null::bigint as mentions, fact_quote.tone, dim_article.title as detail
    from fact_quote
    join wanted on wanted.entity_key = fact_quote.speaker_entity_key
    join dim_article on dim_article.article_key = fact_quote.article_key
    left join dim_date on dim_date.date_key = dim_article.published_date_key
),
events as (
    select 5 as part, 'event' as section, dim_date.full_date as day,
           dim_event.event_type || ': ' || first_actor.canonical_name
               || coalesce(' / ' || nullif(second_actor.canonical_name, 'Unknown'), '') as item,
           dim_event.article_count as articles, dim_event.mention_count as mentions,
           (select round(avg(fact_event.tone), 2) from fact_event where fact_event.event_key = dim_event.event_key)
               as tone,
           'sources ' || dim_event.source_count as detail
    from dim_event
    join wanted on wanted.entity_key in (dim_event.actor1_entity_key, dim_event.actor2_entity_key)
    join dim_entity as first_actor on first_actor.entity_key = dim_event.actor1_entity_key
    join dim_entity as second_actor on second_actor.entity_key = dim_event.actor2_entity_key
    left join dim_date on dim_date.date_key = dim_event.first_date_key
)
select section, day, item, articles, mentions, tone, detail
from (
    select * from profile
    union all select * from weeks
    union all select * from named_with
    union all select * from quotes
    union all select * from events
)
order by part, day nulls last, articles desc nulls last, item;
