"""Pure rules of 牡政办发〔2022〕14号 (old residential community renovation); no I/O here."""
