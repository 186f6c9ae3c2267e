-- every validated calendar day of the batch gets its dim_date row (computed by frames.date_row), once
insert into dim_date (date_key, full_date, year, quarter, month, month_name, day, day_of_week, is_weekend)
with new_days as (
    select distinct date_key, full_date, year, quarter, month, month_name, day, day_of_week, is_weekend
    from stage_dim_date
)
select new_days.date_key, new_days.full_date, new_days.year, new_days.quarter, new_days.month, new_days.month_name,
       new_days.day, new_days.day_of_week, new_days.is_weekend
from new_days
anti join dim_date on dim_date.date_key = new_days.date_key;
