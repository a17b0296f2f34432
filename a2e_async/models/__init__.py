"""Typed results: frozen, slotted attrs classes, one module per API area.

Attribute names are Pythonic; A2E's wire names live in :mod:`a2e_async._converter`.
"""
