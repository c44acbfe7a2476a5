"""Money helpers: yuan as Decimal, rounded to the fen, never floats."""

from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")


def yuan(value: Decimal | int | str) -> Decimal:
    """Round an amount to the fen (0.01 yuan), half up as in bookkeeping."""
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def share(amount: Decimal, ratio: Decimal) -> Decimal:
    return yuan(amount * ratio)
