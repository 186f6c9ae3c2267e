-- how many loaded articles have no story yet (a warehouse loaded before stories existed)
select count(*) as unassigned
from dim_article
where dim_article.article_key > 0
  and dim_article.story_key = -1
