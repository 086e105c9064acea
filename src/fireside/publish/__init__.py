"""publish: the content queue, calendar and runway."""
