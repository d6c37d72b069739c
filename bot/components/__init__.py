"""Custom Rasa components, loaded by Rasa (its own virtualenv) from ``config.yml``.

Nothing here may import ``bot.actions`` (our main virtualenv's code): Rasa imports these
modules by dotted path when it builds the pipeline.
"""
