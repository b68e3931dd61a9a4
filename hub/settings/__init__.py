"""Settings, split by where the Hub runs: base (shared), dev, production and test."""
