-- money amounts stated in each article, with the publication date when the text gives one
select dim_article.file_name, dim_date.full_date as published, fact_metric.metric_text, fact_metric.value, fact_metric.unit
from fact_metric
join dim_article using (article_key)
join dim_date on dim_date.date_key = dim_article.published_date_key
where fact_metric.metric_kind = 'money'
order by fact_metric.value desc;
