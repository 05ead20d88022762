"""The benchmark suite (``make bench``): not part of the package, not run by ``make test``."""
