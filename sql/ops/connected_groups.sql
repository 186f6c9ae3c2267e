-- connected_groups(node_table, edge_table): the connected groups of a graph, as (node_key, group_key) for every
-- node of node_table (its column node_key), group_key being the smallest node_key of the node's group; the edges
-- (edge_table's from_key, to_key) count both ways. The tables are named by strings (query_table), so one macro
-- serves the stories (articles linked as copies or as similar) and the events (mentions linked as one happening).
create or replace temp macro connected_groups(node_table, edge_table) as table
with recursive edges as (
    select linked.from_key, linked.to_key from query_table(edge_table) as linked
    union all
    select linked.to_key, linked.from_key from query_table(edge_table) as linked
),
grouped(node_key, group_key) using key (node_key) as (
    select node.node_key, node.node_key
    from query_table(node_table) as node
    union
    -- the smallest key reached so far spreads along the edges until no node's key goes down
    select edges.to_key, min(grouped.group_key)
    from grouped
    join edges on edges.from_key = grouped.node_key
    join recurring.grouped as known on known.node_key = edges.to_key
    group by edges.to_key, known.group_key
    having min(grouped.group_key) < known.group_key
)
select grouped.node_key, grouped.group_key
from grouped;
