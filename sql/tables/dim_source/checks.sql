-- staged publishers as the dim_source suite sees them
select stage_dim_source.*
from stage_dim_source
order by stage_dim_source.row_id
