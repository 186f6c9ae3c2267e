-- new_article: the staged articles this transaction adds (an article already present adds nothing)
create or replace temp table new_article as
with staged as (
    select article_id, min(file_name) as file_name
    from stage_article
    group by article_id
)
select staged.article_id
from staged
anti join dim_article on dim_article.article_id = staged.article_id;
