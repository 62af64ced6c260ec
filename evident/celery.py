"""The Celery application: background jobs (imports) on Redis when ``REDIS_URL`` is set.

Start a worker with ``celery -A evident worker``. Without ``REDIS_URL`` tasks
run eagerly, in the process that submits them.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "evident.settings")

app = Celery("evident")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
