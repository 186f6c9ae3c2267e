-- dim_entity: one row per real-world named thing across the corpus; -1 is the Unknown entity
create table if not exists dim_entity (
    entity_key bigint primary key,
    canonical_name varchar not null,
    entity_type varchar not null,        -- spacy/ontonotes label: PERSON, ORG, GPE, LOC, NORP, FAC, ...
    country_code varchar,                -- iso 3166-1 alpha-2 for countries and places in them
    aliases varchar[],                   -- every surface form seen
    match_key varchar not null,          -- normalized name the corpus-wide identity is decided on
    geonames_id bigint,                  -- a place (GPE): its GeoNames id, coordinates (a country: its capital's)
    latitude double,                     -- and first-level division code (flows/extract/places.py); else NULL
    longitude double,
    admin1_code varchar,
    ticker varchar,                      -- a listed company (ORG): its ticker and ISIN (flows/extract/listings.py);
    isin varchar,                        -- else NULL
    unique (match_key, entity_type)
);
-- warehouses created before places: NULL until `wirehouse reprocess` extracts their articles again
alter table dim_entity add column if not exists geonames_id bigint;
alter table dim_entity add column if not exists latitude double;
alter table dim_entity add column if not exists longitude double;
alter table dim_entity add column if not exists admin1_code varchar;
-- and before company identifiers: NULL until `wirehouse reprocess`
alter table dim_entity add column if not exists ticker varchar;
alter table dim_entity add column if not exists isin varchar;
insert into dim_entity (entity_key, canonical_name, entity_type, country_code, aliases, match_key)
select -1, 'Unknown', 'UNKNOWN', null, [], ''
where not exists (select 1 from dim_entity where dim_entity.entity_key = -1);
