"""Similar: papers -> similar-paper links.

Takes the tagged papers (and, when made ahead, their vectors, which need no tags). Gives each paper
its most similar papers, best first, above what judged related pairs score, with the tag and the
telling terms the two share. The term model the vectors use is learned offline (`learn.py`) and
shipped as `terms.npz`.
"""

from .links import link_similar, link_vectors
from .neighbours import rerank, top_neighbours
from .reasons import shared_terms
from .vectors import Vectors, vectorize

__all__ = ["Vectors", "link_similar", "link_vectors", "rerank", "shared_terms",
           "top_neighbours", "vectorize"]
