-- step 3 of story assignment: stories are the connected groups of linked articles (a copy is always in its
-- original's story); a story's key is the key of its first-loaded article, so it never changes while its
-- articles stay together, and a new article joining it leaves it as it was
-- articles keep their keys in order of loading, so the smallest key of a group (ops/connected_groups.sql) is its
-- first-loaded article's
create or replace temp view story_node as
select dim_article.article_key as node_key
from dim_article
where dim_article.article_key > 0;

create or replace temp view story_link as
select copy_pair.article_key as from_key, copy_pair.other_key as to_key from copy_pair
union all
select similar_pair.article_key, similar_pair.other_key from similar_pair;

create or replace temp table story_assignment as
select connected.node_key as article_key, connected.group_key as story_key
from connected_groups('story_node', 'story_link') as connected;

drop view story_link;
drop view story_node;

-- the article each one copies: of its near copies, the earliest (first published, undated last, then first
-- loaded), when that one is earlier than itself
create or replace temp table copy_assignment as
with seniority as (
    select
        dim_article.article_key,
        row_number() over (order by dim_article.published_date_key = -1, dim_article.published_date_key,
                           dim_article.article_key) as rank
    from dim_article
    where dim_article.article_key > 0
),
copies as (
    select copy_pair.article_key, copy_pair.other_key from copy_pair
    union all
    select copy_pair.other_key, copy_pair.article_key from copy_pair
)
select copies.article_key, arg_min(copies.other_key, original.rank) as copy_of_key
from copies
join seniority as copy on copy.article_key = copies.article_key
join seniority as original on original.article_key = copies.other_key
where original.rank < copy.rank
group by copies.article_key;
