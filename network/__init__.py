"""National Societies and the directory of their contact points."""
