"""Pure rules of 牡教发〔2022〕2号 and its annexes: no I/O here."""
