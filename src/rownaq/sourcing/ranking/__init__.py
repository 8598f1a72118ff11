"""Ranking makers for a need (the domestic-sourcing matcher): which makers could make an imported item, ranked,
with the reasons in Persian.

Pure Python and numpy, no Django: the sourcing app (matching.py) builds `MakerProfile`s and `Need`s (profiles.py)
from its models and calls a `Matcher` (search.py):

    matcher = Matcher(isic_by_hs(hs2022_to_isic4()))      # the HS -> ISIC chain, loaded once
    matcher.add_many(profiles)                             # bulk load, then
    matcher.add(profile) / matcher.remove(maker_id)        # one profile at a time, searchable at once
    matcher.search(need, k=20)        -> [Match(maker_id, score, reasons)]
    matcher.needs_for(profile, needs) -> [NeedMatch(need_id, score, reasons)]   # the reverse query
    matcher.suggest_hs(text)          -> [(hs6, score)]                          # HS code for a need's text

How a maker is scored for a need (weights in `Weights`, tuned on the evaluation set's dev split):

* text: BM25 over the maker's words (`text.analyse`: stems, joined pairs for ZWNJ and compounds, part
  numbers, lexicon concepts that bridge Persian and English), with one-edit typo neighbours of each word and
  the same word in the other script (a consonant skeleton: «ایمپلر» and "impeller"); a company's name counts
  only where the profile says the same elsewhere; a need's description without its request boilerplate, and
  its words about what the item serves («مورد استفاده در ...») at a discount;
* codes: same HS subheading, heading or chapter as the maker's products; an ISIC class of the maker that the
  HS -> ISIC chain links to the need's HS code;
* what the catalogue teaches: the words and processes that makers of the need's HS code use (so a Persian
  need with HS 848071 meets an English "injection mold" profile that lists no HS code); for a need without an
  HS code, the code `suggest_hs` reads from its text, at a discount, if its makers use the item's head noun
  (the first noun of a Persian title, the last of an English one: a die, not the crankshaft it forges); a typed
  code whose makers never name the item, while the title's other words read as it, gives way the same way;
* stated process, material (the item's own: its field, or its title before «برای»/«با»/for/with; a mould's is
  tool steel) and certificate; sizes against the maker's stated ranges; capacity against the need's annual
  quantity; past localizations; same estate or province; traders and repair shops (lines that sell or mend and
  do not say they make) weighed down.

Reasons are in Persian: words as the maker or the buyer wrote them, an English word only as the buyer typed it,
concepts and codes by their Persian names (`titles`: the registry's Persian HS and ISIC titles).

The index is an inverted file: a compact numpy segment (`compact()`) plus a small in-memory delta where
`add`/`remove` land at once (removal is a tombstone), and a forward index of each maker's terms for the
reasons. Scores are summed into one dense array per query. One `Matcher` is not thread-safe for writes: a
process holds one, loads it at start and applies changes as profiles are saved; `compact()` from time to time
(or a rebuild) folds the delta in and drops removed makers' postings.

The modules, each building on the ones before: profiles (what goes in and comes out), weights, documents (analysed
makers and needs, shared helpers), hs_model (what the catalogue teaches about HS codes), index (MakerIndex: the
inverted and forward indexes, adding and removing), reasons (MakerReasons: one pair scored, the Persian reasons),
search (Matcher: a need's query, scoring and rerank, the reverse query, HS suggestion).
"""
