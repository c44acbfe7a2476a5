"""OAuth2 client-credentials token endpoint (RFC 6749 §4.4)."""
