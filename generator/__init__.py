"""paper-digest: turn pasted research-paper listings into a searchable static website."""

__version__ = "0.1.0"
