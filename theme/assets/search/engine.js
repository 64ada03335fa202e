/*
 * Paper search over the prebuilt, term-sharded lunr index that generator/search.py writes.
 *
 * Each shard is a lunr serialized index over the terms of a few prefixes. The engine loads
 * (lunr.Index.load) only the shards of the words being typed, merges them into one lunr.Index
 * and queries it: lunr scores with the query's own terms only, so the scores are those of the
 * whole index. What a result shows comes from small document files fetched for the results on
 * screen. Everything from the catalog is text: it is escaped before it becomes HTML.
 *
 * Used by the header search's worker (worker.js) and by the search page (page.js); needs lunr.
 */
(function (root) {
  "use strict";

  var SEPARATOR = /[ \t\n\r\f\v\u00a0-]+/;
  var SPLIT_KEEP = /([ \t\n\r\f\v\u00a0-]+)/;
  // lunr.py's trimmer: strip the non-word characters around one run of word characters.
  var TRIM = /^[^\p{L}\p{N}_]*?([\p{L}\p{N}_]+)[^\p{L}\p{N}_]*?$/u;
  var MIN_PREFIX = 3; // shorter words match whole terms only (a prefix that short matches too much)
  var SNIPPET_WORDS = 36;

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function trim(word) {
    var match = TRIM.exec(word);
    return match ? match[1] : word;
  }

  /* The index term of a word, as the build makes it; null for a stop word. */
  function termOf(word) {
    var token = new lunr.Token(trim(word.toLowerCase()), {});
    if (!lunr.stopWordFilter(token)) return null;
    return lunr.stemmer(token).toString();
  }

  /* The words of a query: lower-cased, trimmed, stop words kept apart. */
  function parseQuery(query) {
    var words = query.toLowerCase().split(SEPARATOR).map(trim).filter(Boolean);
    var partial = words.length > 0 && !/\s$/.test(query);
    return { words: words, partial: partial };
  }

  function PaperSearch(siteRoot, setup, manifest) {
    this.base = new URL("search/" + setup.config.build + "/", siteRoot);
    this.manifest = manifest;
    this.keys = Object.keys(manifest.shards).sort();
    this.maxKey = this.keys.reduce(function (n, k) { return Math.max(n, k.length); }, 0);
    this.shards = {}; // shard number -> Promise, once asked for
    this.docFiles = {}; // file number -> Promise of documents
    this.invertedIndex = Object.create(null);
    this.fieldVectors = Object.create(null);
    this.sortedTerms = []; // every loaded term, sorted: prefix lookups without lunr's TokenSet
    this.pipeline = null;
    this.facets = null;
  }

  /* Open the index of the site at `siteRoot` (a URL): reads search_index.json and the manifest. */
  PaperSearch.open = function (siteRoot) {
    return fetchJson(new URL("search/search_index.json", siteRoot)).then(function (setup) {
      var manifestUrl = new URL("search/" + setup.config.build + "/manifest.json", siteRoot);
      return fetchJson(manifestUrl).then(function (manifest) {
        return new PaperSearch(siteRoot, setup, manifest);
      });
    });
  };

  function fetchJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error("search: " + url + ": HTTP " + response.status);
      return response.json();
    });
  }

  /* Shard numbers holding `term` (exact) or, with `prefix`, every term starting with it. */
  PaperSearch.prototype.shardsFor = function (term, prefix) {
    var found = {};
    for (var length = Math.min(term.length, this.maxKey); length > 0; length--) {
      var key = term.slice(0, length);
      if (key in this.manifest.shards) {
        found[this.manifest.shards[key]] = true;
        break;
      }
    }
    if (prefix) {
      for (var i = lowerBound(this.keys, term); i < this.keys.length; i++) {
        if (this.keys[i].slice(0, term.length) !== term) break;
        found[this.manifest.shards[this.keys[i]]] = true;
      }
    }
    return Object.keys(found);
  };

  function lowerBound(sorted, value) {
    var low = 0, high = sorted.length;
    while (low < high) {
      var mid = (low + high) >> 1;
      if (sorted[mid] < value) low = mid + 1; else high = mid;
    }
    return low;
  }

  PaperSearch.prototype.loadShard = function (number) {
    var self = this;
    if (!this.shards[number]) {
      this.shards[number] = fetchJson(new URL("t/" + number + ".json", this.base)).then(function (data) {
        self.merge(lunr.Index.load(data));
      });
    }
    return this.shards[number];
  };

  /* Add a loaded shard's terms and field vector slices to the merged index. */
  PaperSearch.prototype.merge = function (shard) {
    var inverted = this.invertedIndex, vectors = this.fieldVectors;
    var terms = Object.keys(shard.invertedIndex).filter(function (term) { return !(term in inverted); });
    terms.forEach(function (term) { inverted[term] = shard.invertedIndex[term]; });
    this.sortedTerms = this.sortedTerms.concat(terms).sort();
    Object.keys(shard.fieldVectors).forEach(function (ref) {
      var vector = shard.fieldVectors[ref];
      vectors[ref] = vectors[ref] ? mergeVectors(vectors[ref], vector) : vector;
    });
    this.pipeline = shard.pipeline;
    this.fields = shard.fields;
  };

  function mergeVectors(a, b) {
    var x = a.elements, y = b.elements, out = [], i = 0, j = 0;
    while (i < x.length || j < y.length) {
      if (j >= y.length || (i < x.length && x[i] < y[j])) { out.push(x[i], x[i + 1]); i += 2; }
      else if (i >= x.length || y[j] < x[i]) { out.push(y[j], y[j + 1]); j += 2; }
      else { out.push(x[i], x[i + 1]); i += 2; j += 2; } // the same term from two shards: one value
    }
    return new lunr.Vector(out);
  }

  /*
   * A lunr.Index over everything loaded whose token set holds only the terms this query can
   * match: lunr looks every clause up in the token set, and one over every loaded term would be
   * rebuilt each time a shard arrives.
   */
  PaperSearch.prototype.indexFor = function (clauses) {
    var self = this, candidates = {};
    clauses.forEach(function (clause) {
      if (!clause.prefix) {
        if (clause.term in self.invertedIndex) candidates[clause.term] = true;
        return;
      }
      for (var i = lowerBound(self.sortedTerms, clause.term); i < self.sortedTerms.length; i++) {
        if (self.sortedTerms[i].slice(0, clause.term.length) !== clause.term) break;
        candidates[self.sortedTerms[i]] = true;
      }
      self.stemsBefore(clause.term).forEach(function (stem) { candidates[stem] = true; });
    });
    return new lunr.Index({
      invertedIndex: this.invertedIndex,
      fieldVectors: this.fieldVectors,
      tokenSet: lunr.TokenSet.fromArray(Object.keys(candidates).sort()),
      fields: this.fields,
      pipeline: this.pipeline,
    });
  };

  /*
   * Search. Resolves to {total, results: [{number, score, doc, matched, missing}]}, best first.
   * options: limit (results with documents), tag and year (filters; need loadFacets()),
   * isCurrent (a function: when it turns false the search stops early, resolving to null).
   */
  PaperSearch.prototype.search = function (query, options) {
    var self = this, parsed = parseQuery(query || "");
    options = options || {};
    var clauses = this.clauses(parsed);
    var wanted = {};
    clauses.forEach(function (clause) {
      self.shardsFor(clause.term, clause.prefix).forEach(function (n) { wanted[n] = true; });
    });
    return Promise.all(Object.keys(wanted).map(function (n) { return self.loadShard(n); }))
      .then(function () {
        if (options.isCurrent && !options.isCurrent()) return null;
        return self.withDocuments(self.rank(clauses, parsed, options), options.limit || 20);
      });
  };

  /* One exact clause per word; the word being typed also matches as a prefix. */
  PaperSearch.prototype.clauses = function (parsed) {
    var clauses = [];
    parsed.words.forEach(function (word, position) {
      var term = termOf(word);
      if (term) clauses.push({ word: word, term: term, prefix: false });
      var typing = parsed.partial && position === parsed.words.length - 1;
      if (typing && word.length >= MIN_PREFIX) clauses.push({ word: word, term: word, prefix: true });
    });
    return clauses;
  };

  PaperSearch.prototype.rank = function (clauses, parsed, options) {
    var self = this, matches;
    if (clauses.length) {
      var index = this.indexFor(clauses);
      matches = index.query(function (q) {
        clauses.forEach(function (clause) {
          if (clause.prefix) {
            q.term(clause.term, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, boost: 0.5 });
            self.stemsBefore(clause.term).forEach(function (stem) {
              q.term(stem, { usePipeline: false, boost: 0.5 });
            });
          } else {
            q.term(clause.term, { usePipeline: false, boost: 1 });
          }
        });
      }).map(function (match) {
        return { number: parseInt(match.ref, 36), score: match.score, terms: Object.keys(match.matchData.metadata) };
      });
    } else if (options.tag || options.year) {
      matches = this.facets.docs.map(function (_, number) { return { number: number, score: 0, terms: [] }; });
    } else {
      matches = [];
    }
    if (options.tag || options.year) matches = matches.filter(function (m) { return self.passes(m.number, options); });
    matches.words = parsed.words;
    return matches;
  };

  /* Loaded terms that the typed word extends ("learni" -> "learn"): stems are often shorter. */
  PaperSearch.prototype.stemsBefore = function (word) {
    var found = [];
    for (var length = word.length - 1; length >= Math.max(MIN_PREFIX, word.length - 3); length--) {
      if (word.slice(0, length) in this.invertedIndex) found.push(word.slice(0, length));
    }
    return found;
  };

  PaperSearch.prototype.passes = function (number, options) {
    var facets = this.facets.docs[number];
    if (options.year && String(facets[0]) !== String(options.year)) return false;
    if (options.tag) {
      var tagNumber = this.facets.tags.indexOf(options.tag);
      if (facets.indexOf(tagNumber, 1) < 1) return false;
    }
    return true;
  };

  PaperSearch.prototype.loadFacets = function () {
    var self = this;
    if (!this.facetsLoading) {
      this.facetsLoading = fetchJson(new URL("facets.json", this.base)).then(function (facets) {
        self.facets = facets;
        return facets;
      });
    }
    return this.facetsLoading;
  };

  PaperSearch.prototype.document = function (number) {
    var per = this.manifest.docs_per_file, file = Math.floor(number / per);
    if (!this.docFiles[file]) this.docFiles[file] = fetchJson(new URL("d/" + file + ".json", this.base));
    return this.docFiles[file].then(function (docs) {
      var doc = docs[number % per];
      return { slug: doc[0], title: doc[1], date: doc[2], tags: doc[3], abstract: doc[4], url: "papers/" + doc[0] + "/" };
    });
  };

  PaperSearch.prototype.withDocuments = function (matches, limit) {
    var self = this, top = matches.slice(0, limit);
    return Promise.all(top.map(function (match) { return self.document(match.number); })).then(function (docs) {
      return {
        total: matches.length,
        words: matches.words,
        results: top.map(function (match, i) {
          var matched = {};
          match.terms.forEach(function (term) { matched[term] = true; });
          return { number: match.number, score: match.score, doc: docs[i], matched: matched };
        }),
      };
    });
  };

  /* `text` as HTML with the words whose terms matched wrapped in <mark>. */
  function highlight(text, matched) {
    return String(text).split(SPLIT_KEEP).map(function (piece) {
      var term = piece && !SEPARATOR.test(piece) ? termOf(piece) : null;
      var isMatch = term && (matched[term] || prefixMatched(term, matched));
      return isMatch ? "<mark>" + escapeHtml(piece) + "</mark>" : escapeHtml(piece);
    }).join("");
  }

  function prefixMatched(term, matched) {
    return Object.keys(matched).some(function (m) { return m.length >= MIN_PREFIX + 1 && term.indexOf(m) === 0; });
  }

  /* The part of the abstract with the most matched words, highlighted. */
  function snippet(text, matched) {
    var words = String(text).split(/\s+/);
    if (words.length <= SNIPPET_WORDS) return highlight(text, matched);
    var hits = words.map(function (word) {
      var term = termOf(word);
      return term && (matched[term] || prefixMatched(term, matched)) ? 1 : 0;
    });
    var best = 0, bestCount = -1;
    for (var start = 0; start + SNIPPET_WORDS <= words.length; start += 4) {
      var count = 0;
      for (var k = start; k < start + SNIPPET_WORDS; k++) count += hits[k];
      if (count > bestCount) { best = start; bestCount = count; }
    }
    var end = Math.min(words.length, best + SNIPPET_WORDS);
    return (best > 0 ? "… " : "") + highlight(words.slice(best, end).join(" "), matched) + (end < words.length ? " …" : "");
  }

  root.PaperSearch = PaperSearch;
  PaperSearch.escapeHtml = escapeHtml;
  PaperSearch.highlight = highlight;
  PaperSearch.snippet = snippet;
  PaperSearch.termOf = termOf;
})(typeof self !== "undefined" ? self : this);
