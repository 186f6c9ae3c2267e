-- loaded days in the staging shape (the Unknown day left out)
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
    row_number() over (order by dim_date.date_key) - 1 as row_id
from dim_date
where dim_date.date_key <> -1
