"""Location checks (WGS84)."""

from __future__ import annotations

from decimal import Decimal

from outfall.rules.errors import RuleViolation


def check_wgs84(longitude: Decimal | float, latitude: Decimal | float) -> None:
    lon, lat = Decimal(str(longitude)), Decimal(str(latitude))
    if not (lon.is_finite() and Decimal(-180) <= lon <= Decimal(180)):
        raise RuleViolation(
            "invalid_longitude", "longitude must be within -180..180 (WGS84)", "longitude"
        )
    if not (lat.is_finite() and Decimal(-90) <= lat <= Decimal(90)):
        raise RuleViolation(
            "invalid_latitude", "latitude must be within -90..90 (WGS84)", "latitude"
        )
