"""Metrics, access log and trace context of the gateway."""
