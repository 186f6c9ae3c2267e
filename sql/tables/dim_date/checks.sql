-- staged days as the dim_date suite sees them, plus: the key is the date written as yyyymmdd
select
    stage_dim_date.*,
    coalesce(stage_dim_date.date_key = cast(strftime(stage_dim_date.full_date, '%Y%m%d') as integer), false)
        as key_matches_date
from stage_dim_date
order by stage_dim_date.row_id
