"""cmdai.knowledge."""
