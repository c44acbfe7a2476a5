"""The client registry: government systems that may call the suite."""
