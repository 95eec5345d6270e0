"""Test harnesses shared by the test suite, the examples and the demo."""
