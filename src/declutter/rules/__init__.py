"""The named rules: the registry of every rule name (``registry``), the chrome lexicon kept as
data (``lexicon``, ``phrases``, ``lexicon/*.toml``) and the context-free matching (``apply``)."""
