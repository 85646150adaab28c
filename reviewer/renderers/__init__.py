"""Renderers: each reads finished DocumentReviews and writes one format. They never re-run rules."""
