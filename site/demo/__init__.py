"""Demo content for local development, tests and the browser suite.

Everything here is generated on the machine (no downloads) and written so that
running the loader twice gives the same site.
"""
