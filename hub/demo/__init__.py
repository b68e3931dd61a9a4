"""Demo content built from the seed documents (content.json) and the files it attaches."""
