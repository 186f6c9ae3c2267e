-- staged entities as the dim_entity suite sees them, plus: a place is located whole (both coordinates, and a
-- GeoNames id only with them: a division has coordinates but may have no id) or not at all; only places are
-- located and only organizations identified; an ISIN's check digit is right (letters as 10-35, then Luhn)
select
    stage_dim_entity.*,
    (stage_dim_entity.latitude is null) = (stage_dim_entity.longitude is null)
        and (stage_dim_entity.geonames_id is null or stage_dim_entity.latitude is not null) as place_whole,
    stage_dim_entity.latitude is null or stage_dim_entity.entity_type = 'GPE' as located_is_place,
    (stage_dim_entity.ticker is null and stage_dim_entity.isin is null)
        or stage_dim_entity.entity_type = 'ORG' as identified_is_company,
    stage_dim_entity.isin is null or (
        select list_sum(list_transform(range(length(digits)), lambda i: case
                   when i % 2 = 1 then (2 * substr(reverse(digits), i + 1, 1)::int) // 10
                                       + (2 * substr(reverse(digits), i + 1, 1)::int) % 10
                   else substr(reverse(digits), i + 1, 1)::int end)) % 10 = 0
        from (
            select array_to_string(list_transform(string_split(stage_dim_entity.isin, ''), lambda c: case
                       when c between '0' and '9' then c else (ascii(c) - 55)::varchar end), '') as digits
        )
    ) as isin_check_digit,
    -- coverage: the share of place (GPE) rows that are located, measured once 20 of them are checked together
    -- (NULL below); the same on every row, so a low share fails them all (a reference table that did not build)
    case when count(*) filter (where stage_dim_entity.entity_type = 'GPE') over () >= 20
         then avg(case when stage_dim_entity.entity_type = 'GPE' then (stage_dim_entity.latitude is not null)::int end)
                  over ()
    end as place_coverage
from stage_dim_entity
order by stage_dim_entity.row_id
