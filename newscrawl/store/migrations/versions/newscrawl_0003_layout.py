"""Articles say how their page was read: an `extraction` column ("profile" or "generic") and
`layout_missed` (a JSON list of the profile's layout markers that no longer held), in articles
and article_versions. Rows stored before them have neither (NULL: not recorded)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "newscrawl_0003"
down_revision = "newscrawl_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("articles", "article_versions"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("extraction", sa.Text))
            batch.add_column(sa.Column("layout_missed", sa.Text))
