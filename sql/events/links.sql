-- step 2 of event linking: the pairs of mentions that report one event, over the whole warehouse: the same type
-- and the same actors (at least one of them known), and either the same story (its articles are the strongest
-- evidence: they report one happening, whatever day each one gives it) or days at most `window_days` apart
-- (an undated mention is compared with every other, as undated articles are for stories)
create or replace temp table event_pair as
select first.mention_id, second.mention_id as other_id
from event_mention as first
join event_mention as second on second.event_type = first.event_type
                            and second.low_actor = first.low_actor
                            and second.high_actor = first.high_actor
                            and second.mention_id > first.mention_id
where first.high_actor > 0
  and ((first.story_key = second.story_key and first.story_key <> -1)
       or first.article_key = second.article_key
       or first.event_day is null or second.event_day is null
       or abs(date_diff('day', first.event_day, second.event_day)) <= getvariable('window_days'));
