-- step 1 of story assignment: the terms and MinHash sketch of every article that has no sketch yet
-- (flows/warehouse/stories.py runs the steps of sql/stories/ inside the batch's load transaction)

-- words of 3+ letters and numbers, lower case: what two reports of one story share; common words weigh
-- little through their document frequency (links.sql), so no stop list is needed
insert into story_term (article_key, term, tf)
with fresh as (
    select dim_article.article_key, dim_article.body
    from dim_article
    where dim_article.article_key > 0
      and dim_article.article_key not in (select article_sketch.article_key from article_sketch)
),
words as (
    select fresh.article_key, unnest(regexp_extract_all(lower(fresh.body), '\p{L}[\p{L}''’-]*\p{L}|[0-9]+(?:[.,][0-9]+)*')) as term
    from fresh
)
select words.article_key, words.term, count(*)
from words
where length(words.term) > 2 or regexp_matches(words.term, '^[0-9]')
group by words.article_key, words.term;

-- shingles of five consecutive words (a text shorter than that is one shingle); each of the `minhash_size`
-- hash functions keeps the smallest hash of the article's shingles
insert into article_sketch (article_key, shingle_count, minhash)
with fresh as (
    select dim_article.article_key, regexp_extract_all(lower(dim_article.body), '[\p{L}0-9]+') as words
    from dim_article
    where dim_article.article_key > 0
      and dim_article.article_key not in (select article_sketch.article_key from article_sketch)
),
words as (
    select fresh.article_key, unnest(fresh.words) as word, generate_subscripts(fresh.words, 1) as position,
           len(fresh.words) as length
    from fresh
),
shingles as (
    select distinct words.article_key, words.shingle_hash
    from (
        select
            words.article_key,
            words.position,
            words.length,
            hash(words.word, lead(words.word, 1) over next_words, lead(words.word, 2) over next_words,
                 lead(words.word, 3) over next_words, lead(words.word, 4) over next_words) as shingle_hash
        from words
        window next_words as (partition by words.article_key order by words.position)
    ) as words
    where words.position <= greatest(words.length - 4, 1)
),
shingle_counts as (
    select shingles.article_key, count(*) as shingle_count
    from shingles
    group by shingles.article_key
),
slots as (
    select shingles.article_key, functions.slot, min(hash(shingles.shingle_hash, functions.slot)) as min_hash
    from shingles, range(1, getvariable('minhash_size') + 1) as functions(slot)
    group by shingles.article_key, functions.slot
)
select slots.article_key, shingle_counts.shingle_count, list(slots.min_hash order by slots.slot)
from slots
join shingle_counts on shingle_counts.article_key = slots.article_key
group by slots.article_key, shingle_counts.shingle_count;
