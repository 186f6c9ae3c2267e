insert into fact_event (article_key, event_type, actor1_entity_key, actor2_entity_key, event_date_key,
                        trigger_text, char_start, char_end)
select dim_article.article_key, stage_event.event_type,
       coalesce(actor1.entity_key, -1), coalesce(actor2.entity_key, -1),
       coalesce(cast(strftime(cast(stage_event.event_date as date), '%Y%m%d') as integer),
                dim_article.published_date_key),
       stage_event.trigger_text, stage_event.char_start, stage_event.char_end
from stage_event
join new_article on new_article.article_id = stage_event.article_id
join dim_article on dim_article.article_id = stage_event.article_id
left join dim_entity as actor1 on actor1.match_key = stage_event.actor1_match_key
                              and actor1.entity_type = stage_event.actor1_entity_type
left join dim_entity as actor2 on actor2.match_key = stage_event.actor2_match_key
                              and actor2.entity_type = stage_event.actor2_entity_type;
