"""Developer tools, not shipped: the form workbook builder, documentation screenshots."""
