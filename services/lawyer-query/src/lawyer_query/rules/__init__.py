"""Pure rules of 牡公规〔2022〕1号 (no I/O). Import the sub-modules directly."""
