-- how many loaded articles were extracted by another extractor version, model or alias table than getvariable('stamp')
select count(*) as stale
from dim_article
where dim_article.article_key <> -1
  and dim_article.extracted_with is distinct from getvariable('stamp')
