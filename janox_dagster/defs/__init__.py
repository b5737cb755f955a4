"""Dagster definitions, one module per integration; ``janox_dagster.definitions`` assembles them."""
