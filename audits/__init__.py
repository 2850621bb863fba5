"""Pure checks and the data model: HTML or results in, findings out. No I/O here."""
