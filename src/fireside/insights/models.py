"""Insights reads the other rooms' tables; its own models arrive with saved reports."""
