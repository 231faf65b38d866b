"""Which figures in different articles measure the same thing, and whether they agree.

Pure Python, no Django: `subjects` derives a figure's measure and key terms with the frame `frames` reads
from its stretch of the sentence; `facts` is a stored figure as comparison needs it (its interval and frame);
`rules` decide what two figures are to each other or why they are nothing; `compare` weighs the link and
scores; `blocking` picks the pairs worth judging and the best of them; `explain` words the result for editors.
"""

from .derivation import DERIVATION, STALE, fingerprint

__all__ = ["DERIVATION", "STALE", "fingerprint"]
