"""Code the lecture-5 notebooks share. Two kinds:

* plumbing, which no slide is about: data loaders with checksums (``data``), notebook setup
  (``runtime``), plotting helpers (``plots``), the generators of ``images/`` (``diagrams``), the
  exercise checks (``exercises``);
* lecture code kept out of the slides because a slide shows it in a shorter, readable form: the
  batched, input-checking versions of temperature sampling (``sequences``), word2vec's subsampling,
  windows and negative sampling (``text``), greedy decoding and beam search (``translation``), and
  small measures (``metrics``). Each notebook checks its readable version against the fast one on
  real inputs, then uses the fast one.
"""

__version__ = "0.1.0"
