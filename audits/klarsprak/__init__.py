"""The klarspråk rules' checks and what they know about Swedish words.

``page`` prepares a page's text once for every rule; ``sentence_rules``,
``passive_advice`` and ``word_rules`` are the checks; ``legal`` finds quoted legal
titles; ``passive`` and ``verb_forms`` find s-passives, ``morphology`` verb-nouns,
compounds and rare words; ``lexicon`` loads the word lists of ``data/``. The rules'
metadata and :func:`audits.plain_language.check_text`, which runs them, are in
audits/plain_language.py."""
