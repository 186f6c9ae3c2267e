-- the most mentioned people, organizations and places, by type, with how many articles name each
-- param entity_type: only entities of this type (PERSON, ORG, GPE, LOC, NORP...); default PERSON, ORG, GPE and LOC
-- param per_type: how many entities to show per type; default 5
with mention_counts as (
    select
        fact_entity_mention.entity_key,
        count(distinct fact_entity_mention.article_key) as articles,
        count(*) as mentions
    from fact_entity_mention
    where fact_entity_mention.entity_key <> -1
    group by fact_entity_mention.entity_key
),
ranked_entities as (
    select
        dim_entity.entity_type,
        dim_entity.canonical_name,
        mention_counts.articles,
        mention_counts.mentions,
        row_number() over (
            partition by dim_entity.entity_type
            order by mention_counts.articles desc, mention_counts.mentions desc, dim_entity.canonical_name
        ) as rank_in_type
    from mention_counts
    join dim_entity on dim_entity.entity_key = mention_counts.entity_key
    where coalesce(
        dim_entity.entity_type = upper(getvariable('entity_type')),
        dim_entity.entity_type in ('PERSON', 'ORG', 'GPE', 'LOC')
    )
)
select
    ranked_entities.entity_type,
    ranked_entities.rank_in_type,
    ranked_entities.canonical_name,
    ranked_entities.articles,
    ranked_entities.mentions
from ranked_entities
where ranked_entities.rank_in_type <= coalesce(cast(getvariable('per_type') as integer), 5)
order by ranked_entities.entity_type, ranked_entities.rank_in_type;
