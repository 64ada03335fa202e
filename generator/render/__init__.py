"""Render: catalog -> pages, listings, feed and papers.json.

Takes the linked catalog. Gives every generated file of the site by path relative to the docs
folder: a page per paper (front matter and finished HTML), the tag, archive and source listings
(with a feed and a chart of papers per month for each tag), the Atom feed and `papers.json`, plus
the home page's generated sections. Every piece of dump text
is escaped here (`markup.py`) before it reaches a page.
"""

from .catalog import catalog_from_json, catalog_to_json
from .feed import render_feed
from .home import home_sections
from .listings import render_listings
from .pages import add_similar_links, paper_pages_without_links, render_site

__all__ = ["catalog_from_json", "catalog_to_json", "add_similar_links", "home_sections", "paper_pages_without_links",
           "render_feed", "render_listings", "render_site"]
