from evident.core.admin import register_records

from .models import (
    Acknowledgement,
    Communication,
    CompetenceRequirement,
    Document,
    DocumentVersion,
    TrainingCourse,
    TrainingRecord,
)

register_records(
    Document,
    DocumentVersion,
    Communication,
    Acknowledgement,
    TrainingCourse,
    CompetenceRequirement,
    TrainingRecord,
)
