"""Evident: a living ISO/IEC 20000-1 service management system."""

__version__ = "0.1.0"
