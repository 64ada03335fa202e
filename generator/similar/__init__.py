"""Similar: papers -> similar-paper links.

Takes the tagged papers (and, when made ahead, their TF-IDF vectors, which need no tags). Gives
each paper its most similar papers, best first, above what chance scores, with the tags and
telling terms the two share.
"""

from .links import link_similar, link_vectors, shared_terms
from .neighbours import chance_threshold, top_neighbours
from .vectors import Vectors, vectorize

__all__ = ["Vectors", "chance_threshold", "link_similar", "link_vectors", "shared_terms",
           "top_neighbours", "vectorize"]
