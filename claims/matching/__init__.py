"""Which figures in different articles measure the same thing, and whether they agree.

Pure Python, no Django: `subjects` derives a figure's measure and key terms, `compare` judges a pair,
`blocking` picks the pairs worth judging and the best of them, `explain` words the result for editors.
"""

# Bump when subjects or the lexicon change what is derived: the recompute command derives such figures again.
DERIVATION = 2
