-- the computed checks every fact's checks.sql shares, over the stage_* relations of the connection
-- offsets_ok: the half-open span [s, e) of body is exactly the extracted text
create or replace temp macro offsets_ok(body, s, e, extracted) as
    coalesce(s >= 0 and s < e and e <= length(body) and substr(body, s + 1, e - s) = extracted, false);
-- entity_staged: no entity (null), or an entity the same article staged in stage_dim_entity with that natural
-- key (another article of the batch staging it is no proof: each article's rows name only its own entities)
create or replace temp macro entity_staged(article, key, kind) as
    key is null or exists (
        select 1
        from stage_dim_entity
        where stage_dim_entity.article_id = article
          and stage_dim_entity.match_key = key
          and stage_dim_entity.entity_type = kind
    );
-- entity_known: no entity (null), or an entity some article staged with that natural key: for rows that belong to
-- no one article, as an event gathered from several articles
create or replace temp macro entity_known(key, kind) as
    key is null or exists (
        select 1
        from stage_dim_entity
        where stage_dim_entity.match_key = key
          and stage_dim_entity.entity_type = kind
    );
