"""The declarations: each resource and function of the ``lakesail`` package, declared once.

Check, diff, the conversions to and from the API, ``schema.json``, the generated SDKs and the
reference docs all derive from these declarations.
"""
