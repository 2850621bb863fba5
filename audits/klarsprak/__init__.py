"""What the klarspråk rules know about Swedish words: word lists (``data/``), their
loaders (``lexicon``) and word-form analysis (``morphology``). The rules themselves
are in audits/plain_language.py."""
