"""Training and analysis tools for declutter's line model (extra ``[train]``)."""
