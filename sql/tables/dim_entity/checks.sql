-- staged entities as the dim_entity suite sees them
select stage_dim_entity.*
from stage_dim_entity
order by stage_dim_entity.row_id
