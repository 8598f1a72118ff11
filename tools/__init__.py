"""Tools that keep the project (not part of the product, never in its wheel): `python -m tools.depaudit`."""
