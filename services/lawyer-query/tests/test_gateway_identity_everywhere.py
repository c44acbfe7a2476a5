"""Every route, public ones included, is reached only with the gateway's identity."""

import httpx
import pytest

from suitekit.testing import answers_without_gateway_identity

pytestmark = pytest.mark.anyio


async def test_every_v1_operation_without_gateway_identity_is_401(
    client: httpx.AsyncClient,
) -> None:
    assert await answers_without_gateway_identity(client) == []
