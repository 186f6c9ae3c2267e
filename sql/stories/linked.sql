-- the stories and events were just linked over the whole warehouse: nothing committed is behind any more
delete from links_pending;
