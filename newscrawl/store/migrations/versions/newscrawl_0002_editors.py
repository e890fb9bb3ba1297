"""Articles name their editors apart from their authors: an `editors` column (a JSON list, as
`authors`) in articles and article_versions. Rows stored before it have none (NULL reads as
no editors)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "newscrawl_0002"
down_revision = "newscrawl_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("articles", "article_versions"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("editors", sa.Text))
