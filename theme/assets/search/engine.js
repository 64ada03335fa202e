/*
 * Paper search over the prebuilt, term-sharded lunr index that generator/search/ writes.
 *
 * Each shard holds the terms of a few prefixes, in the compact form generator/search/serialize.py
 * writes (`shard_json`), gzip-compressed. The engine loads only the shards of the words being
 * typed, unpacks each into the inverted index and field vectors lunr.Index.load would make of
 * lunr's own format, merges them into one lunr.Index and queries it: lunr scores with the
 * query's own terms only, so the scores are those of the whole index. What a result shows comes
 * from small document files fetched for the results on screen. Everything from the catalog is
 * text: it is escaped before it becomes HTML.
 *
 * A query's words are required: the papers holding every word are the results, best first, and
 * only when no paper holds them all do the papers holding any of them stand in (`mode: "any"`).
 * lunr's own required presence would need every form of a word (the word being typed matches as
 * a prefix) to be one clause; so lunr scores the words as alternatives and the papers lacking a
 * word are dropped afterwards, which leaves the same papers with the same scores. A "quoted
 * phrase" requires its words in that order in the title or the abstract, checked on the result
 * documents in rank order.
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
  var PHRASE_BATCH = 20; // documents read at once to check a phrase
  var PHRASE_CHECKS = 100; // read at least these (when there are) so that the count means something
  var PHRASE_CHECKS_MAX = 600; // and never more for one search: a few hundred KB of documents

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

  function splitWords(text) {
    return text.toLowerCase().split(SEPARATOR).map(trim).filter(Boolean);
  }

  /*
   * The words of a query, lower-cased and trimmed, and its "quoted phrases" (two words or more,
   * each a list of words). `partial` when the last word is still being typed.
   */
  function parseQuery(query) {
    var phrases = [];
    var unquoted = query.replace(/"([^"]*)"/g, function (_, inner) {
      var words = splitWords(inner);
      if (words.length > 1) phrases.push(words);
      return " " + inner + " ";
    });
    var words = splitWords(unquoted.replace(/"/g, " "));
    var partial = words.length > 0 && !/[\s"]$/.test(query);
    return { words: words, partial: partial, phrases: phrases };
  }

  var NO_METADATA = Object.freeze({}); // lunr keeps no positions here; MatchData copies it anyway

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
    this.fields = manifest.index_fields;
    this.pipeline = lunr.Pipeline.load(["stemmer"]);
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

  /*
   * A JSON file the build stored gzip-compressed (`.json.gz`): a site's size is what GitHub Pages
   * limits. A server that sends it with `Content-Encoding: gzip` has the browser decompress it
   * already; then it does not start with gzip's magic bytes and is read as it is.
   */
  function fetchPacked(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error("search: " + url + ": HTTP " + response.status);
      return response.arrayBuffer();
    }).then(function (buffer) {
      var bytes = new Uint8Array(buffer);
      if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return new TextDecoder().decode(bytes);
      return new Response(new Blob([buffer]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
    }).then(JSON.parse);
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
      this.shards[number] = fetchPacked(new URL("t/" + number + ".json.gz", this.base)).then(function (terms) {
        self.merge(self.unpack(terms));
      });
    }
    return this.shards[number];
  };

  /*
   * A shard as lunr.Index.load would make it of lunr's own format: the inverted index
   * (term -> {_index, field -> {ref -> metadata}}) and the field vectors ("field/ref" -> a
   * lunr.Vector of term number and score pairs, by term number). Each entry of `terms` is
   * [term, number, keys, scores]: keys are document * fields + field, each the difference from
   * the one before; scores are in thousandths. Terms come by number, so each vector's pairs
   * arrive in order.
   */
  PaperSearch.prototype.unpack = function (terms) {
    var fields = this.fields, width = fields.length;
    var invertedIndex = Object.create(null), pairs = Object.create(null);
    terms.forEach(function (entry) {
      var number = entry[1], keys = entry[2], scores = entry[3], key = 0;
      var posting = { _index: number };
      fields.forEach(function (field) { posting[field] = {}; });
      for (var i = 0; i < keys.length; i++) {
        key += keys[i];
        var field = fields[key % width], ref = Math.floor(key / width).toString(36);
        posting[field][ref] = NO_METADATA;
        var fieldRef = field + "/" + ref;
        (pairs[fieldRef] || (pairs[fieldRef] = [])).push(number, scores[i] / 1000);
      }
      invertedIndex[entry[0]] = posting;
    });
    var fieldVectors = Object.create(null);
    Object.keys(pairs).forEach(function (fieldRef) { fieldVectors[fieldRef] = new lunr.Vector(pairs[fieldRef]); });
    return { invertedIndex: invertedIndex, fieldVectors: fieldVectors };
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
   * Search. Resolves to {total, exact, mode, words, results: [{number, score, doc, matched}]}:
   * `total` papers match, holding "all" the words (or, `mode` "any", some of them when no paper
   * holds all); `results` are the best of them from `offset` on, at most `limit`. With a quoted
   * phrase, `exact` is false when the phrase could not be checked in every candidate (`total`
   * is then the number found so far). options: offset, limit, tag and year (filters; need
   * loadFacets()), isCurrent (a function: when it turns false the search stops, resolving to null).
   */
  PaperSearch.prototype.search = function (query, options) {
    var self = this, parsed = parseQuery(query || "");
    options = options || {};
    var offset = options.offset || 0, limit = options.limit || 20;
    var clauses = this.clauses(parsed);
    var wanted = {};
    clauses.forEach(function (clause) {
      self.shardsFor(clause.term, clause.prefix).forEach(function (n) { wanted[n] = true; });
    });
    var isCurrent = options.isCurrent || function () { return true; };
    return Promise.all(Object.keys(wanted).map(function (n) { return self.loadShard(n); }))
      .then(function () {
        if (!isCurrent()) return null;
        var ranked = self.rank(clauses, parsed, options);
        return parsed.phrases.length ? self.withPhrases(ranked, parsed.phrases, offset + limit, isCurrent) : ranked;
      })
      .then(function (ranked) {
        return ranked && isCurrent() ? self.withDocuments(ranked, offset, limit) : null;
      });
  };

  /* One exact clause per word; the word being typed also matches as a prefix. `word` numbers
     the query's word a clause stands for: a paper holds a word when it matches any of its clauses. */
  PaperSearch.prototype.clauses = function (parsed) {
    var clauses = [];
    parsed.words.forEach(function (word, position) {
      var term = termOf(word);
      if (term) clauses.push({ word: position, term: term, prefix: false });
      var typing = parsed.partial && position === parsed.words.length - 1;
      // A stop word being typed ("with") is not required, or "witho..." would be for a moment.
      if (typing && term && word.length >= MIN_PREFIX) clauses.push({ word: position, term: word, prefix: true });
    });
    return clauses;
  };

  PaperSearch.prototype.rank = function (clauses, parsed, options) {
    var self = this, matches;
    if (clauses.length) {
      matches = this.indexFor(clauses).query(function (q) {
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
    var required = this.requiredWords(clauses);
    var holdingAll = matches.filter(function (match) {
      return required.every(function (forms) { return match.terms.some(function (term) { return forms[term]; }); });
    });
    var mode = holdingAll.length || parsed.phrases.length ? "all" : "any";
    if (mode === "all") matches = holdingAll;
    matches.words = parsed.words;
    matches.mode = mode;
    return matches;
  };

  /*
   * For each word a paper must hold, the index terms that hold it (the word's stem; for the word
   * being typed, every term it begins and the stems it extends). A word whose term the build
   * pruned (found in more papers than `pruned_at`, see generator/search/index.py) is not required:
   * the papers that lost its posting still hold the word.
   */
  PaperSearch.prototype.requiredWords = function (clauses) {
    var self = this, byWord = {}, pruned = {};
    clauses.forEach(function (clause) {
      var forms = byWord[clause.word] = byWord[clause.word] || {};
      if (!clause.prefix) {
        forms[clause.term] = true;
        if (self.isPruned(clause.term)) pruned[clause.word] = true;
        return;
      }
      for (var i = lowerBound(self.sortedTerms, clause.term); i < self.sortedTerms.length; i++) {
        if (self.sortedTerms[i].slice(0, clause.term.length) !== clause.term) break;
        forms[self.sortedTerms[i]] = true;
      }
      self.stemsBefore(clause.term).forEach(function (stem) { forms[stem] = true; });
    });
    return Object.keys(byWord).filter(function (word) { return !pruned[word]; })
      .map(function (word) { return byWord[word]; });
  };

  PaperSearch.prototype.isPruned = function (term) {
    var limit = this.manifest.pruned_at, postings = this.invertedIndex[term];
    if (!limit || !postings) return false;
    var papers = {};
    this.fields.forEach(function (field) { Object.keys(postings[field] || {}).forEach(function (ref) { papers[ref] = true; }); });
    return Object.keys(papers).length >= limit;
  };

  /*
   * The ranked papers whose title or abstract holds every phrase, in rank order. Documents are
   * read in rank order until `needed` papers are found and PHRASE_CHECKS were read (or every
   * candidate, or PHRASE_CHECKS_MAX); the result's `exact` says whether every candidate was read.
   */
  PaperSearch.prototype.withPhrases = function (ranked, phrases, needed, isCurrent) {
    var self = this, kept = [], checked = 0;
    kept.words = ranked.words;
    kept.mode = ranked.mode;
    function step() {
      if (!isCurrent()) return null;
      var enough = kept.length >= needed && checked >= PHRASE_CHECKS;
      if (checked >= ranked.length || enough || checked >= PHRASE_CHECKS_MAX) {
        kept.exact = checked >= ranked.length;
        return kept;
      }
      var batch = ranked.slice(checked, checked + PHRASE_BATCH);
      return Promise.all(batch.map(function (match) { return self.document(match.number); })).then(function (docs) {
        docs.forEach(function (doc, i) {
          if (phrases.every(function (phrase) { return holdsPhrase(doc, phrase); })) kept.push(batch[i]);
        });
        checked += batch.length;
        return step();
      });
    }
    return step();
  };

  function holdsPhrase(doc, phrase) {
    return [doc.title, doc.abstract].some(function (text) {
      var words = splitWords(String(text));
      for (var start = 0; start + phrase.length <= words.length; start++) {
        var k = 0;
        while (k < phrase.length && words[start + k] === phrase[k]) k++;
        if (k === phrase.length) return true;
      }
      return false;
    });
  }

  /* Loaded terms that the typed word extends ("learni" -> "learn"): stems are often shorter. */
  PaperSearch.prototype.stemsBefore = function (word) {
    var found = [];
    for (var length = word.length - 1; length >= Math.max(MIN_PREFIX, word.length - 3); length--) {
      if (word.slice(0, length) in this.invertedIndex) found.push(word.slice(0, length));
    }
    return found;
  };

  /* Whether paper `number` passes the filters: a tag (by name), a year of publication or
     "none" (no publication date known). */
  PaperSearch.prototype.passes = function (number, options) {
    var facets = this.facets.docs[number];
    if (options.year === "none" ? facets[0] !== 0 : options.year && String(facets[0]) !== String(options.year)) return false;
    if (options.tag) {
      var tagNumber = this.tags.names.indexOf(options.tag);
      if (facets.indexOf(tagNumber, 1) < 1) return false;
    }
    return true;
  };

  /* The filters' data: each paper's year and tag numbers, and the tags' names. */
  PaperSearch.prototype.loadFacets = function () {
    var self = this;
    if (!this.facetsLoading) {
      this.facetsLoading = Promise.all([fetchJson(new URL("facets.json", this.base)), this.loadTags()])
        .then(function (loaded) {
          self.facets = loaded[0];
          return self.facets;
        });
    }
    return this.facetsLoading;
  };

  /* Every tag's name and slug, by number: results name their tags by number. */
  PaperSearch.prototype.loadTags = function () {
    var self = this;
    if (!this.tagsLoading) {
      this.tagsLoading = fetchJson(new URL("tags.json", this.base)).then(function (tags) {
        self.tags = tags;
        return tags;
      });
    }
    return this.tagsLoading;
  };

  PaperSearch.prototype.document = function (number) {
    var per = this.manifest.docs_per_file, file = Math.floor(number / per);
    if (!this.docFiles[file]) this.docFiles[file] = fetchPacked(new URL("d/" + file + ".json.gz", this.base));
    return Promise.all([this.docFiles[file], this.loadTags()]).then(function (loaded) {
      var doc = loaded[0][number % per], tags = loaded[1];
      return {
        slug: doc[0], title: doc[1], published: doc[2], added: doc[3], abstract: doc[5], url: "papers/" + doc[0] + "/",
        tags: doc[4].map(function (n) { return { name: tags.names[n], url: "tags/" + tags.slugs[n] + "/" }; }),
      };
    });
  };

  PaperSearch.prototype.withDocuments = function (matches, offset, limit) {
    var self = this, top = matches.slice(offset, offset + limit);
    return Promise.all(top.map(function (match) { return self.document(match.number); })).then(function (docs) {
      return {
        total: matches.length,
        exact: matches.exact !== false,
        mode: matches.mode,
        words: matches.words,
        results: top.map(function (match, i) {
          var matched = {};
          match.terms.forEach(function (term) { matched[term] = true; });
          return { number: match.number, score: match.score, doc: docs[i], matched: matched };
        }),
      };
    });
  };

  /* A result's dates, each saying what it is. */
  function dates(doc) {
    return doc.published ? "published " + doc.published + " · added " + doc.added
      : "added " + doc.added + " · publication date unknown";
  }

  /* A result's tags as links to their pages (`root`: the site's root URL). */
  function tagLinks(doc, root) {
    return doc.tags.map(function (tag) {
      return '<a class="md-tag" href="' + escapeHtml(new URL(tag.url, root).href) + '">' + escapeHtml(tag.name) + "</a>";
    }).join(" ");
  }

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
  PaperSearch.parseQuery = parseQuery;
  PaperSearch.dates = dates;
  PaperSearch.tagLinks = tagLinks;
})(typeof self !== "undefined" ? self : this);
