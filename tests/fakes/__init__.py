"""Fakes of external services that the real code talks to over 127.0.0.1."""
