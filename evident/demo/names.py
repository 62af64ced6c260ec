"""Word lists for believable, clearly fictitious names."""

FIRST_NAMES = (
    "Aisha", "Alan", "Alice", "Amir", "Ana", "Ben", "Bianca", "Carlos", "Chen", "Chloe",
    "Daniel", "Deepa", "Dmitri", "Elena", "Emma", "Farah", "Felix", "Grace", "Hannah", "Hugo",
    "Ibrahim", "Ines", "Isaac", "Jamal", "Jana", "Joan", "Jonas", "Julia", "Kai", "Kenji",
    "Laila", "Leo", "Lucia", "Maya", "Mei", "Mohammed", "Nadia", "Nathan", "Nina", "Noah",
    "Olga", "Omar", "Oscar", "Priya", "Rafael", "Rosa", "Ruth", "Sam", "Sara", "Sofia",
    "Tariq", "Tom", "Uma", "Victor", "Wei", "Yara", "Yusuf", "Zara", "Zoe", "Marta",
)  # fmt: skip

LAST_NAMES = (
    "Abbott", "Adeyemi", "Alvarez", "Andersen", "Baker", "Bauer", "Bianchi", "Brennan",
    "Campbell", "Chandra", "Costa", "Dubois", "Evans", "Fischer", "Flores", "Gallagher",
    "Garcia", "Haddad", "Hughes", "Ivanova", "Jensen", "Kaur", "Kowalski", "Larsen", "Lopez",
    "Mahmoud", "Martin", "Meyer", "Moreau", "Murphy", "Nakamura", "Novak", "Okafor", "Olsen",
    "Patel", "Pereira", "Quinn", "Reyes", "Rossi", "Santos", "Schmidt", "Silva", "Singh",
    "Sorensen", "Tanaka", "Thompson", "Torres", "Varga", "Walsh", "Weber", "Wilson", "Yilmaz",
    "Young", "Zhang", "Ncube", "Osei", "Lindqvist", "Horvat", "Byrne", "Moretti",
)  # fmt: skip

SYMPTOMS = (
    "users cannot sign in",
    "intermittent errors reported",
    "slow response times",
    "service unavailable for one site",
    "scheduled job failed",
    "certificate warning shown to users",
    "data not updating",
    "timeouts under load",
    "degraded performance after patching",
    "access denied for a team",
    "disk space alert on a server",
    "backup job reported failure",
    "unexpected restart of a component",
    "integration with a partner system failing",
)

REQUESTS = (
    "New starter account",
    "Access to a shared folder",
    "Software installation",
    "Replacement laptop",
    "Mailbox delegation",
    "Password reset",
    "New distribution list",
    "Guest network access",
    "Increase of storage quota",
    "Report extract",
)

CHANGE_VERBS = (
    "Patch",
    "Upgrade",
    "Reconfigure",
    "Migrate",
    "Replace certificate on",
    "Scale out",
    "Harden",
    "Update firewall rules for",
    "Deploy release to",
    "Decommission legacy node of",
)
