"""The gallery examples: each a real component, shown beside its source."""
