-- dim_date rows as its suite sees them, plus the key/date check
select
    dim_date.date_key,
    dim_date.full_date,
    dim_date.year,
    dim_date.quarter,
    dim_date.month,
    dim_date.month_name,
    dim_date.day,
    dim_date.day_of_week,
    dim_date.is_weekend,
    dim_date.date_key = cast(strftime(dim_date.full_date, '%Y%m%d') as integer) as key_matches_date
from dim_date
where dim_date.date_key <> -1
order by dim_date.date_key
