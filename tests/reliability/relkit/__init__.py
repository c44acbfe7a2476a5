"""Helpers of the reliability run: the suite under test, its contract, and the figures."""
