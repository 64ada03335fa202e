"""Which words carry content: shared by tagging (key phrases) and similar papers (shared terms).

A key phrase must start and end with a content word, and a term two similar papers share is shown
only when it does too; both stages ask the same question, so the answer lives below both.
"""

from __future__ import annotations

# Words that never start or end a key phrase: English function words and the vocabulary every
# abstract uses ("we propose a novel method that achieves state-of-the-art results").
STOPWORDS = frozenset("""
a about above across after again against all almost also although always am among an and any are
around as at be because been before being below between both but by can could did do does doing
done down during each either else enough especially even ever every few for from further had has
have having here how however if in into is it its itself just less like made make makes many may
more most much must new no nor not novel of off often on once one only or other our ours out over
own per rather same several should show shows shown significantly since so some still such than
that the their them themselves then there these they this those through thus to too under until up
upon us use used uses using various very via was we well were what when where whether which while
who whom why will with within without would yet you your approach approaches method methods model
models paper propose proposed proposes results result performance achieve achieves achieving based
task tasks existing work works study studies art state demonstrate demonstrates effective effectively
extensive experiments experimental framework improve improves improved improving large small high
low different specific given two three first second key recent recently introduce introduces
present presents provide provides significant better best finally furthermore moreover learning
deep neural network networks data training trained train language image images wide range ground
truth level wide-range real-world state-of-the-art large-scale end-to-end time way ways number
problem problems set sets variety lack common general simple strong limited robust potential new
address addresses including include includes across specifically particular able due end step
despite success successful times faster slower properties property desirable adverse effects effect
practical practice applications application information higher lower higher-level low-level com
github http https www org available source open-source issue issues challenge challenges
challenging capability capabilities ability abilities substantial remarkable impressive promising
diverse comprehensive efficient efficiency effectiveness superior outperforms outperform compared
comparison evaluation analysis insights findings finding understanding empirical empirically
theoretical theoretically field fields area areas research researchers community future directions
paradigm manner fashion aspects aspect factors factor scenarios scenario settings setting cases case
terms term order orders magnitude amount amounts degree extent types type kind kinds form forms part
parts whole artificial intelligence contextual leading leads lead across widely widespread crucial
important essential critical major previous prior current traditional conventional standard typical
remains remain unclear required requires require behind primarily focus concerns concern correct
answer answers access far little much
""".split())
MIN_WORD_LENGTH = 3


def is_content(word: str) -> bool:
    """Whether a word may start or end a key phrase."""
    return (len(word) >= MIN_WORD_LENGTH and word not in STOPWORDS and not word[0].isdigit()
            and not word.endswith("ly"))
