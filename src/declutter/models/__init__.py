"""The shipped models: boosted oblivious trees as JSON (schema ``declutter.model/2``)."""
