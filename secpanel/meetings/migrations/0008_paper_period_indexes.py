"""The Panel paper reads one body's month of decisions, actions and highlights: an index on
(owning body, date) for each, so the compile reads that month and not the body's decade
(docs/decisions/0007-paper-providers.md, "Speed")."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("bodies", "0001_initial"),
        ("meetings", "0007_list_order_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="decision",
            index=models.Index(
                fields=["owning_body", "date", "id"], name="meetings_decision_body_date"
            ),
        ),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(
                fields=["owning_body", "raised_on", "id"], name="meetings_action_body_raised"
            ),
        ),
        migrations.AddIndex(
            model_name="highlight",
            index=models.Index(
                fields=["owning_body", "period", "position", "id"],
                name="meetings_highlight_body_period",
            ),
        ),
    ]
