-- entities named together: pairs of people, organizations and places found in the same articles and sentences
-- param entity: only pairs that include this entity (canonical name, any case)
-- param min_articles: only pairs found together in at least this many articles; default 1
with named_entity_sentences as (
    select distinct
        fact_entity_mention.article_key,
        fact_entity_mention.sentence_index,
        fact_entity_mention.entity_key
    from fact_entity_mention
    join dim_entity on dim_entity.entity_key = fact_entity_mention.entity_key
    where fact_entity_mention.entity_key <> -1
      and dim_entity.entity_type in ('PERSON', 'ORG', 'GPE', 'LOC', 'NORP', 'FAC')
),
named_entity_articles as (
    select distinct named_entity_sentences.article_key, named_entity_sentences.entity_key
    from named_entity_sentences
),
pairs_by_article as (
    select first_side.entity_key as first_key, second_side.entity_key as second_key, count(*) as articles
    from named_entity_articles as first_side
    join named_entity_articles as second_side
      on second_side.article_key = first_side.article_key and second_side.entity_key > first_side.entity_key
    group by first_side.entity_key, second_side.entity_key
),
pairs_by_sentence as (
    select first_side.entity_key as first_key, second_side.entity_key as second_key, count(*) as sentences
    from named_entity_sentences as first_side
    join named_entity_sentences as second_side
      on second_side.article_key = first_side.article_key
     and second_side.sentence_index = first_side.sentence_index
     and second_side.entity_key > first_side.entity_key
    group by first_side.entity_key, second_side.entity_key
)
select
    first_entity.canonical_name as entity_1,
    first_entity.entity_type as type_1,
    second_entity.canonical_name as entity_2,
    second_entity.entity_type as type_2,
    pairs_by_article.articles,
    coalesce(pairs_by_sentence.sentences, 0) as sentences
from pairs_by_article
join dim_entity as first_entity on first_entity.entity_key = pairs_by_article.first_key
join dim_entity as second_entity on second_entity.entity_key = pairs_by_article.second_key
left join pairs_by_sentence
  on pairs_by_sentence.first_key = pairs_by_article.first_key
 and pairs_by_sentence.second_key = pairs_by_article.second_key
where pairs_by_article.articles >= coalesce(cast(getvariable('min_articles') as integer), 1)
  and (getvariable('entity') is null
       or lower(getvariable('entity')) in (lower(first_entity.canonical_name), lower(second_entity.canonical_name)))
order by pairs_by_article.articles desc, sentences desc, entity_1, entity_2;
