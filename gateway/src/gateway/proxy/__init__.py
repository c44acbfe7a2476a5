"""Forwarding ``/{service}/v1/...`` to the services."""
