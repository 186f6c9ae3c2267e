-- staged entities as the dim_entity suite sees them, plus: a place is located whole (id and both coordinates)
-- or not at all
select
    stage_dim_entity.*,
    (stage_dim_entity.geonames_id is null) = (stage_dim_entity.latitude is null)
        and (stage_dim_entity.geonames_id is null) = (stage_dim_entity.longitude is null) as place_whole
from stage_dim_entity
order by stage_dim_entity.row_id
