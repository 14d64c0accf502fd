"""Stage 3, features: per-line measurements (``text``, ``language``) and the named feature
columns the models read (``columns`` is the contract; ``line``, ``context``, ``dom`` the
groups)."""
