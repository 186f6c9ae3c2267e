-- how many loaded articles have no story yet (a warehouse loaded before stories existed), plus one when a
-- committed batch has not been linked since (links_pending)
select (select count(*)
        from dim_article
        where dim_article.article_key > 0
          and dim_article.story_key = -1)
     + (select count(*) from links_pending) as unassigned
