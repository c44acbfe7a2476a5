"""Pure rules of 牡市监规〔2022〕1号 (food-safety testing lab assessment); no I/O here."""
