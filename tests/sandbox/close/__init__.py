"""Tests for the sandbox Close emulator and its demo data."""
