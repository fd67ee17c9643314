"""Benchmarks: ``python -m bench <name>`` runs ``bench.<name>.main()`` and prints figures."""
