from evident.core.admin import register_records

from .models import Acknowledgement, Communication, Document, DocumentVersion

register_records(Document, DocumentVersion, Communication, Acknowledgement)
