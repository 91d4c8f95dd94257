"""Cards are data: pure functions from small view-models to Google card JSON."""
