-- dim_entity upsert: a new (match_key, entity_type) gets a row; a known one gains the new surface forms,
-- and its canonical name becomes the fullest (longest) name the corpus has used for it
create or replace temp table staged_entity as
select
    stage_entity.match_key,
    stage_entity.entity_type,
    arg_max(stage_entity.canonical_name, length(stage_entity.canonical_name)) as canonical_name,
    max(stage_entity.country_code) as country_code,
    list_distinct(flatten(list(stage_entity.aliases))) as aliases
from stage_entity
semi join new_article on new_article.article_id = stage_entity.article_id
group by stage_entity.match_key, stage_entity.entity_type;

update dim_entity
set
    canonical_name = case when length(staged_entity.canonical_name) > length(dim_entity.canonical_name)
                          then staged_entity.canonical_name else dim_entity.canonical_name end,
    country_code = coalesce(dim_entity.country_code, staged_entity.country_code),
    aliases = list_sort(list_distinct(list_concat(dim_entity.aliases, staged_entity.aliases)))
from staged_entity
where dim_entity.match_key = staged_entity.match_key
  and dim_entity.entity_type = staged_entity.entity_type;

insert into dim_entity (entity_key, canonical_name, entity_type, country_code, aliases, match_key)
select nextval('seq_entity'), staged_entity.canonical_name, staged_entity.entity_type,
       staged_entity.country_code, list_sort(staged_entity.aliases), staged_entity.match_key
from staged_entity
anti join dim_entity on dim_entity.match_key = staged_entity.match_key
                    and dim_entity.entity_type = staged_entity.entity_type;
