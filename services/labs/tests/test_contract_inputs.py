"""Every body field and query parameter refuses what its published type forbids (no lax coercion:
no Unix timestamps as dates, no 0/1 as booleans, no strings or booleans as numbers)."""

from labs.app import create_app
from labs.settings import Settings
from suitekit.input_audit import lax_route_inputs
from suitekit.testing import TestIdentity


def test_every_request_input_is_parsed_as_its_published_type(identity: TestIdentity) -> None:
    app = create_app(Settings(database_url="sqlite://", identity_jwks=identity.jwks_json))
    assert lax_route_inputs(app) == []
