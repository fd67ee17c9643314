"""Operator tools run from the command line (`python -m bot demo`)."""
