"""Stage 4, decide: the models (``scoring``, ``trees``) and the cascade of named steps that
decides every line (``cascade``)."""
