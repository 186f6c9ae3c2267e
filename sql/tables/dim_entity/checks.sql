-- staged entities as the dim_entity suite sees them, plus: a place is located whole (both coordinates, and a
-- GeoNames id only with them: a division has coordinates but may have no id) or not at all
select
    stage_dim_entity.*,
    (stage_dim_entity.latitude is null) = (stage_dim_entity.longitude is null)
        and (stage_dim_entity.geonames_id is null or stage_dim_entity.latitude is not null) as place_whole
from stage_dim_entity
order by stage_dim_entity.row_id
