"""Who said it — checked in code against the text, not taken from the model on trust.

News prose marks attribution in a few regular ways, and each is checked here, in this order:
1. explicit: "Peskov said", "Zelensky, on the other hand, has emphasized", "said Cruz constituent
   Dan Golvach", "according to Tokayev" in the claim's sentences — a name inside what another
   speaker is reported to have said ("Polyansky said that Moscow had requested …") is content;
2. pronoun: "he noted", "…,” she said" → the person named last before it (or, through an earlier
   pronoun speaker — "…, she argues, …" then "She further noted …" — the person named as the speaker
   before that one);
3. subject: "Ryan endorsed Trump in June, telling reporters …"; a subject taking a stance without
   reporting speech ("Sanders also takes aim at …", "Lind did not respond to …") is kept apart as
   "stance" (never enough on its own to add a claim the model skipped);
4. quote context: a sentence inside a quotation opened earlier in the paragraph belongs to that
   paragraph's speaker ("Peskov stated, "A… B… C."");
5. first person: "We now have to …" in a paragraph that ends "…, Rubio said." is Rubio's;
6. intro line: a paragraph that follows "X … offered an assessment:" is X's.
A claim of several sentences takes its speaker from a later sentence when the first names nobody.
A sentence that reports two parties' opposed positions ("While the club says …, the league insists …",
"…, which Unite accepted and Acme rejected": disputes.py) is the outlet's report when no rule above
attributes it, and a name inside a relative clause ("which Moscow has rejected") never speaks for
the sentence. An unnamed group the text gives the statement to ("Senior officials said") is named in the text's
own words (`group_source`), never made an actor; so is a poll the text names as the source ("a new
CNN/ORC poll shows …": polls.py), never the candidate it is about. When nothing applies, the model's speaker is kept
only if that actor is named in or just before the claim; otherwise the claim is the outlet's own
voice (narration), and a check records why.
"""

from .mentions import mention_positions, named_speakers, strip_leading, title_case
from .speakers import antecedent, attribute, explicit_speaker, group_source, relay, supported

__all__ = [
    "antecedent",
    "attribute",
    "explicit_speaker",
    "group_source",
    "mention_positions",
    "named_speakers",
    "relay",
    "strip_leading",
    "supported",
    "title_case",
]
