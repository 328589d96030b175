"""The Panel paper's own sentences (`core.paper`): its recommendation and attachments. The
section headings, purpose and appendix title are fields of the report configuration."""

from __future__ import annotations

from secpanel.core import paper
from secpanel.core.paper import Phrase

paper.register_phrases(
    {
        "paper.purpose.heading": Phrase("Purpose"),
        "paper.recommendations.heading": Phrase("Recommendations"),
        "paper.verb.information": Phrase("NOTE"),
        "paper.verb.decision": Phrase("APPROVE"),
        "paper.verb.discussion": Phrase("DISCUSS"),
        "paper.recommendation": Phrase(
            "{audience} is requested to {verb} the content of this paper."
        ),
        "paper.attachments": Phrase("Attachments:"),
        "paper.appendix": Phrase("Appendix A: {title} ({level})"),
    }
)
