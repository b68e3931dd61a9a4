"""The search service of the Hub (see DESIGN.md, "Search service")."""
