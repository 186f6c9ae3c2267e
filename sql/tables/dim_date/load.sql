-- every validated calendar day of the batch gets its dim_date row (computed by frames.date_row)
insert into dim_date (date_key, full_date, year, quarter, month, month_name, day, day_of_week, is_weekend)
select date_key, full_date, year, quarter, month, month_name, day, day_of_week, is_weekend
from stage_dim_date
on conflict do nothing;
