"""ClosedLoop's feedback service: storage, detractor queue, NPS results and auth."""

__version__ = "0.1.0"
