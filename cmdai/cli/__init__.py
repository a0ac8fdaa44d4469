"""cmdai.cli."""
