"""Search: catalog -> the prebuilt lunr index and its shards.

Takes the tagged papers. Gives the files of the search index, by path relative to the site root:
lunr serialized shards split by term prefix, the result documents and the search page's facets.
"""

from .files import build_search_files, split_index
from .index import TermIndex, index_papers, prune
from .serialize import index_json, serialize_index, shard_json

__all__ = ["TermIndex", "build_search_files", "index_json", "index_papers", "prune",
           "serialize_index", "shard_json", "split_index"]
