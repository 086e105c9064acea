"""Browser fixtures live in tests/conftest.py, so every test shares one Chromium."""
