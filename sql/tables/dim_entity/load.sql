-- dim_entity upsert: a new (match_key, entity_type) gets a row; a known one gains the new surface forms,
-- and its canonical name becomes the fullest (longest) name the corpus has used for it
create or replace temp table entity_of_batch as
select
    stage_dim_entity.match_key,
    stage_dim_entity.entity_type,
    arg_max(stage_dim_entity.canonical_name, length(stage_dim_entity.canonical_name)) as canonical_name,
    max(stage_dim_entity.country_code) as country_code,
    list_distinct(flatten(list(stage_dim_entity.aliases))) as aliases,
    -- the place one of its articles located (the smallest id when they differ; a division without an id after
    -- any place with one), its columns from that same row
    arg_min({'geonames_id': stage_dim_entity.geonames_id, 'latitude': stage_dim_entity.latitude,
             'longitude': stage_dim_entity.longitude, 'admin1_code': stage_dim_entity.admin1_code},
            [coalesce(stage_dim_entity.geonames_id, 9223372036854775807), stage_dim_entity.latitude])
        filter (where stage_dim_entity.latitude is not null) as place,
    -- the listing one of its articles found (the same name gives the same one; the smallest when they differ)
    min({'ticker': stage_dim_entity.ticker, 'isin': stage_dim_entity.isin})
        filter (where stage_dim_entity.ticker is not null or stage_dim_entity.isin is not null) as listing,
    min(stage_dim_entity.rowid) as first_staged  -- new keys follow the order the batch names entities in
from stage_dim_entity
group by stage_dim_entity.match_key, stage_dim_entity.entity_type;

update dim_entity
set
    canonical_name = case when length(entity_of_batch.canonical_name) > length(dim_entity.canonical_name)
                          then entity_of_batch.canonical_name else dim_entity.canonical_name end,
    country_code = coalesce(dim_entity.country_code, entity_of_batch.country_code),
    aliases = list_sort(list_distinct(list_concat(dim_entity.aliases, entity_of_batch.aliases))),
    -- the batch's place when it found one, for an entity with none or in the entity's own country (so the place
    -- a newer extractor finds replaces an older one at `reprocess`, and an article about another country does not
    -- move it); else the entity keeps its place (SET expressions all read the row as it was)
    geonames_id = case when entity_of_batch.place_fresh then entity_of_batch.place.geonames_id
                       else dim_entity.geonames_id end,
    latitude = case when entity_of_batch.place_fresh then entity_of_batch.place.latitude else dim_entity.latitude end,
    longitude = case when entity_of_batch.place_fresh then entity_of_batch.place.longitude
                     else dim_entity.longitude end,
    admin1_code = case when entity_of_batch.place_fresh then entity_of_batch.place.admin1_code
                       else dim_entity.admin1_code end,
    -- the batch's identifiers when it found some (a newer list or rule replaces older ones); else kept
    ticker = case when entity_of_batch.listing is not null then entity_of_batch.listing.ticker
                  else dim_entity.ticker end,
    isin = case when entity_of_batch.listing is not null then entity_of_batch.listing.isin else dim_entity.isin end
from (
    select entity_of_batch.*,
           entity_of_batch.place is not null and (stored.latitude is null
               or stored.country_code is not distinct from entity_of_batch.country_code) as place_fresh
    from entity_of_batch
    join dim_entity as stored on stored.match_key = entity_of_batch.match_key
                             and stored.entity_type = entity_of_batch.entity_type
) as entity_of_batch
where dim_entity.match_key = entity_of_batch.match_key
  and dim_entity.entity_type = entity_of_batch.entity_type;

-- keys continue after the highest one (no sequence: a DuckLake has none; loads are serialized, see flows/lake.py)
insert into dim_entity (entity_key, canonical_name, entity_type, country_code, aliases, match_key, geonames_id,
                        latitude, longitude, admin1_code, ticker, isin)
with last_entity_key as (
    select coalesce(max(dim_entity.entity_key), 0) as entity_key
    from dim_entity
    where dim_entity.entity_key > 0
)
select last_entity_key.entity_key
           + row_number() over (order by entity_of_batch.first_staged),
       entity_of_batch.canonical_name, entity_of_batch.entity_type,
       entity_of_batch.country_code, list_sort(entity_of_batch.aliases), entity_of_batch.match_key,
       entity_of_batch.place.geonames_id, entity_of_batch.place.latitude, entity_of_batch.place.longitude,
       entity_of_batch.place.admin1_code, entity_of_batch.listing.ticker, entity_of_batch.listing.isin
from entity_of_batch
cross join last_entity_key
anti join dim_entity on dim_entity.match_key = entity_of_batch.match_key
                    and dim_entity.entity_type = entity_of_batch.entity_type;

drop table entity_of_batch;
