"""Unified social credit code (统一社会信用代码) check character, GB 32100-2015."""

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)  # 3^(i-1) mod 31
LENGTH = 18


def check_character(first_17: str) -> str:
    total = sum(
        CHARSET.index(char) * weight for char, weight in zip(first_17, WEIGHTS, strict=True)
    )
    return CHARSET[(31 - total % 31) % 31]


def is_valid_uscc(code: str) -> bool:
    if len(code) != LENGTH or any(char not in CHARSET for char in code):
        return False
    return check_character(code[:17]) == code[17]
