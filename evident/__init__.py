"""Evident: a living ISO/IEC 20000-1 service management system."""

# Loaded with Django so that ``shared_task`` binds to Evident's Celery application.
from .celery import app as celery_app

__all__ = ["celery_app"]
__version__ = "0.1.0"
