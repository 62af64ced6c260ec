from evident.core.admin import register_records

from .models import (
    Acknowledgement,
    Communication,
    CommunicationPlanItem,
    CompetenceRequirement,
    Document,
    DocumentUse,
    DocumentVersion,
    KnowledgeArticle,
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
    DocumentUse,
    CommunicationPlanItem,
    KnowledgeArticle,
)
