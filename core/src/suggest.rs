//! "Did you mean": one rule for every place errcat suggests a correction,
//! so that one typo gets the same suggestion from the build, the derive, the
//! parsers and the command line.
//!
//! [`closest`] applies the rule to a list once, comparing the text with
//! every candidate: right for a handful of candidates or a single question.
//! [`Index`] prepares a list once (a trie of its texts) and then answers
//! with the same rule in a time that depends on the text and on how many
//! candidates are near it, not on how many candidates there are: what a
//! parser that may be asked about every unknown code of every request
//! needs at ten thousand codes.

/// The candidate closest to `wrong`, when it is close enough to be what was
/// meant; the first of the closest ones when several are as close.
///
/// Case is ignored (`gen-1203-100003` is one edit from nothing but
/// `GEN-1203-100003` itself, and `Scenario` is `scenario`), and the distance
/// is the optimal string alignment distance: insertions, deletions,
/// substitutions and swaps of two neighbours each count one. How far a
/// suggestion may be grows with the length of `wrong`: one edit up to seven
/// characters, then one more per four characters, at most three.
///
/// ```
/// use errcat_core::suggest::closest;
///
/// let codes = ["GEN-1203-100003", "GEN-1203-100008"];
/// assert_eq!(closest("GEN-1203-10003", codes), Some("GEN-1203-100003"));
/// assert_eq!(closest("gen-1203-100008", codes), Some("GEN-1203-100008"));
/// assert_eq!(closest("scenaro", ["code", "scenario"]), Some("scenario"));
/// assert_eq!(closest("XYZ-1", codes), None);
/// ```
pub fn closest<'c>(wrong: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    closest_by(wrong, candidates.into_iter().map(|text| (text, text)))
}

/// [`closest`] over candidates that carry a value of their own: the value of
/// the closest text.
pub fn closest_by<'c, T>(
    wrong: &str,
    candidates: impl IntoIterator<Item = (&'c str, T)>,
) -> Option<T> {
    let wanted = wrong.to_ascii_lowercase();
    let length = wanted.chars().count();
    let limit = limit(length);
    let mut best: Option<(usize, T)> = None;
    let mut folded = String::new();
    for (text, value) in candidates {
        // A distance is at least the difference in length: candidates too
        // long or too short are skipped without computing it.
        if text.len().abs_diff(wanted.len()) > limit * 4
            || text.chars().count().abs_diff(length) > limit
        {
            continue;
        }
        folded.clear();
        folded.extend(text.chars().map(|c| c.to_ascii_lowercase()));
        let distance = strsim::osa_distance(&wanted, &folded);
        if distance <= limit && best.as_ref().is_none_or(|(best, _)| distance < *best) {
            best = Some((distance, value));
        }
    }
    best.map(|(_, value)| value)
}

/// How many edits a suggestion for a text of `length` characters may be.
fn limit(length: usize) -> usize {
    (length / 4).clamp(1, 3)
}

/// `"; did you mean `x`?"` for the closest candidate, or nothing: the end of
/// a message.
///
/// ```
/// use errcat_core::suggest::did_you_mean;
/// assert_eq!(did_you_mean("scenaro", ["code", "scenario"]), "; did you mean `scenario`?");
/// assert_eq!(did_you_mean("colour", ["code", "scenario"]), "");
/// ```
pub fn did_you_mean<'c>(wrong: &str, candidates: impl IntoIterator<Item = &'c str>) -> String {
    closest(wrong, candidates).map_or_else(String::new, |candidate| {
        format!("; did you mean `{candidate}`?")
    })
}

/// A list of candidates prepared for many suggestions: [`closest`]'s rule,
/// answered without comparing the text with every candidate.
///
/// The candidates, in ASCII lowercase, form two tries: one of the texts,
/// one of the texts reversed. A candidate within `k` edits of the text has
/// at most `k / 2` of them in the first half of the text or at most `k / 2`
/// in the second (a swap counts in one half: of the two places the text
/// may be cut, one never splits it). So a question walks the first trie
/// with the text, leaving every branch whose prefix is more than `k / 2`
/// edits from the text's first half, then the second with the text
/// reversed, likewise: the candidates near the text are the only ones
/// either walk reaches far. The walks look for candidates within no edit,
/// then one, up to the limit, and stop at the first distance that has one.
/// Each walk computes the optimal string alignment
/// distance to each prefix it visits a row at a time (only the cells within
/// the edit limit of the diagonal), and also leaves a branch as soon as no
/// candidate below it can be closer than the best one found, or as close
/// and earlier in the list. The answer is the index of the very candidate
/// [`closest`] picks, ties included.
///
/// Building costs two sorts of the candidates; each trie holds a node per
/// distinct prefix (20 bytes each).
///
/// ```
/// use errcat_core::suggest::{Index, closest};
///
/// let codes = ["GEN-1203-100003", "GEN-1203-100008", "B14800ZZ-3002-000000"];
/// let index = Index::new(codes);
/// assert_eq!(index.closest("GEN-1203-10003"), Some(0));
/// assert_eq!(index.closest("gen-1203-100008"), Some(1));
/// assert_eq!(index.closest("XYZ-1"), None);
/// // The same answers as the rule applied to the list.
/// for wrong in ["GEN-1203-10003", "B14800ZZ-3002-00000O", "GEN-1203-100009"] {
///     assert_eq!(index.closest(wrong).map(|at| codes[at]), closest(wrong, codes));
/// }
/// ```
#[derive(Debug, Clone)]
pub struct Index {
    /// The candidates' texts.
    forward: Trie,
    /// The candidates' texts, each reversed.
    backward: Trie,
    /// The length of the longest candidate, in characters.
    longest: usize,
}

/// A trie in depth-first order, as a walk visits it: node 0 is the root
/// (the empty prefix), a node's first child follows it, and each child's
/// next sibling follows the child's subtree, in order of their labels.
#[derive(Debug, Clone)]
struct Trie {
    nodes: Vec<Node>,
}

#[derive(Debug, Clone, Copy)]
struct Node {
    /// The last character of the node's prefix.
    label: char,
    /// Where the node's subtree ends: its next sibling, or its parent's
    /// end.
    end: u32,
    /// The first candidate that is the node's prefix, or [`NONE`].
    found: u32,
    /// The first candidate that starts with the node's prefix.
    least: u32,
    /// The shortest and the longest candidate that start with it, in
    /// characters (at most `u16::MAX`, which stands for any longer).
    lengths: (u16, u16),
}

const NONE: u32 = u32::MAX;

/// The best candidate so far: its distance (the limit until one is found)
/// and its index ([`NONE`] until then).
type Best = (u8, u32);

impl Index {
    /// Prepares `candidates`, in order: [`closest`](Self::closest) answers
    /// with an index into them.
    pub fn new<'c>(candidates: impl IntoIterator<Item = &'c str>) -> Index {
        let mut texts: Vec<Vec<char>> = candidates
            .into_iter()
            .map(|text| text.chars().map(|c| c.to_ascii_lowercase()).collect())
            .collect();
        // An index of the list must fit a node's fields; a list that long
        // keeps its first candidates.
        texts.truncate(NONE as usize - 1);
        let longest = texts.iter().map(Vec::len).max().unwrap_or(0);
        let forward = Trie::new(&texts);
        for text in &mut texts {
            text.reverse();
        }
        let backward = Trie::new(&texts);
        Index {
            forward,
            backward,
            longest,
        }
    }

    /// The index of the candidate [`closest`] would pick for `wrong`, or
    /// `None` when none is close enough.
    pub fn closest(&self, wrong: &str) -> Option<usize> {
        let query: Vec<char> = wrong.chars().map(|c| c.to_ascii_lowercase()).collect();
        let limit = limit(query.len());
        // Longer than every candidate by more than the limit: none is near.
        if self.forward.nodes[0].least == NONE || query.len() > self.longest + limit {
            return None;
        }
        // The two places the text is cut: the middle, and one further so
        // that a swap across the middle is whole on one side of one of them.
        let half = query.len() / 2;
        let rest = query.len() - half;
        let mut reversed = query.clone();
        reversed.reverse();
        // Within no edit, then one, and so on: the walks within a small
        // distance are narrow, and the first distance that finds a
        // candidate is the least.
        for within in 0..=limit {
            let deepest = self.longest.min(query.len() + within);
            let mut best = (within as u8, NONE);
            self.forward
                .search(&query, within, deepest, [half, half + 1], &mut best);
            self.backward.search(
                &reversed,
                within,
                deepest,
                [rest.saturating_sub(1), rest],
                &mut best,
            );
            if best.1 != NONE {
                return Some(best.1 as usize);
            }
        }
        None
    }
}

impl Trie {
    fn new(texts: &[Vec<char>]) -> Trie {
        let mut order: Vec<u32> = (0..texts.len() as u32).collect();
        // Equal texts stay in list order: the first of them is the one found.
        order.sort_by(|&a, &b| texts[a as usize].cmp(&texts[b as usize]));
        let node = |label: char| Node {
            label,
            end: NONE,
            found: NONE,
            least: NONE,
            lengths: (u16::MAX, 0),
        };
        let mut nodes = vec![node('\0')];
        // The path to the previous text's node.
        let mut path: Vec<usize> = vec![0];
        let mut previous: &[char] = &[];
        for &at in &order {
            let text = texts[at as usize].as_slice();
            let shared = text
                .iter()
                .zip(previous)
                .take_while(|(a, b)| a == b)
                .count();
            // Sorted, the texts below the path past `shared` are all done.
            while path.len() > shared + 1 {
                let done = path.pop().unwrap_or_default();
                nodes[done].end = nodes.len() as u32;
            }
            for &label in &text[shared..] {
                path.push(nodes.len());
                nodes.push(node(label));
            }
            let length = u16::try_from(text.len()).unwrap_or(u16::MAX);
            for &on in &path {
                let node = &mut nodes[on];
                node.least = node.least.min(at);
                node.lengths = (node.lengths.0.min(length), node.lengths.1.max(length));
            }
            let last = path[path.len() - 1];
            if nodes[last].found == NONE {
                nodes[last].found = at;
            }
            previous = text;
        }
        for &done in &path {
            nodes[done].end = nodes.len() as u32;
        }
        Trie { nodes }
    }

    /// Walks the trie with `query`, improving `best` with every candidate
    /// closer than it, or as close and earlier. Only prefixes within
    /// `limit / 2` edits of the query's first `cuts[0]` or `cuts[1]`
    /// characters lead further (see [`Index`]).
    fn search(
        &self,
        query: &[char],
        limit: usize,
        deepest: usize,
        cuts: [usize; 2],
        best: &mut Best,
    ) {
        let width = query.len() + 1;
        let half = (limit / 2) as u8;
        let cuts = cuts.map(|cut| cut.min(query.len()));
        // Distances saturate one past the limit: all that matters is whether
        // they are within it, and by how much.
        let cap = limit as u8 + 1;
        // The distance rows of the prefixes on the current path, one per
        // depth: row `j`, cell `i` is the distance from the path's first `j`
        // characters to the query's first `i`. Only the cells within `limit`
        // of the diagonal are ever written; the others stay at `cap`.
        let mut rows = vec![cap; (deepest + 1) * width];
        for (i, cell) in rows.iter_mut().take(limit.min(query.len()) + 1).enumerate() {
            *cell = i as u8;
        }
        // The least cell of each row on the path, the least of its cells up
        // to the further cut, and the path's character there.
        let mut least = vec![(0u8, 0u8); deepest + 1];
        let mut labels = vec!['\0'; deepest + 1];
        let root = self.nodes[0];
        let distance = rows[query.len()];
        if root.found != NONE && (distance, root.found) < *best {
            *best = (distance, root.found);
        }
        // Whether the root is within `half` edits of a cut query.
        let cut = cuts.iter().any(|&cut| rows[cut] <= half);
        // The path: each node, the next of its children to visit, and
        // whether some prefix on the path is within `half` of a cut query.
        let mut path: Vec<(u32, u32, bool)> = vec![(0, 1, cut)];
        while let Some(&(node, id, cut)) = path.last() {
            let depth = path.len() - 1;
            if id >= self.nodes[node as usize].end || depth == deepest {
                path.pop();
                continue;
            }
            let child = self.nodes[id as usize];
            path[depth].1 = child.end;
            // Nothing below can be closer, or as close and earlier.
            if best.0 == 0 && child.least > best.1 {
                continue;
            }
            let j = depth + 1;
            labels[j] = child.label;
            let (row_min, before_cut, reach) = row(
                query,
                &mut rows,
                &labels,
                j,
                limit,
                cap,
                cuts[1],
                child.lengths,
            );
            least[j] = (row_min, before_cut);
            let here = &rows[j * width..][..width];
            let distance = here[query.len()];
            if child.found != NONE && (distance, child.found) < *best {
                *best = (distance, child.found);
            }
            // Every candidate below is at least this far: the bound of its
            // rows and its length (see `row`).
            let bound = reach;
            if !(bound < best.0 || (bound == best.0 && child.least < best.1)) {
                continue;
            }
            let cut = cut || cuts.iter().any(|&at| here[at] <= half);
            if !cut && before_cut.min(least[j - 1].1.saturating_add(1)) > half {
                // No prefix below can be within `half` of a cut query.
                continue;
            }
            path.push((id, id + 1, cut));
        }
    }
}

/// Computes row `j` of `rows` (the path's character there is `labels[j]`)
/// from the two rows above it, within `limit` of the diagonal, as strsim's
/// `osa_distance` computes its cells; returns its least cell, its least
/// cell up to column `cut`, and how far at least every candidate that
/// starts with the path's prefix is from the query, for candidates of
/// `lengths` characters: a cell's distance plus the difference between
/// what is left of the query and of the candidate past it, the least of
/// those over this row and (one edit more, for a swap that skips this row)
/// the row above.
#[allow(clippy::too_many_arguments)]
fn row(
    query: &[char],
    rows: &mut [u8],
    labels: &[char],
    j: usize,
    limit: usize,
    cap: u8,
    cut: usize,
    (shortest, longest): (u16, u16),
) -> (u8, u8, u8) {
    // How many edits at least lie between the cell in column `i` of row
    // `depth` and the end of a candidate of `lengths`.
    let left = |depth: usize, i: usize| {
        let query_left = query.len() - i;
        let fewest = usize::from(shortest).saturating_sub(depth);
        let most = if longest == u16::MAX {
            usize::MAX
        } else {
            usize::from(longest).saturating_sub(depth)
        };
        let gap = fewest
            .saturating_sub(query_left)
            .max(query_left.saturating_sub(most));
        gap.min(usize::from(cap)) as u8
    };
    let width = query.len() + 1;
    let (above, here) = rows.split_at_mut(j * width);
    let here = &mut here[..width];
    let up = &above[(j - 1) * width..];
    let label = labels[j];
    let low = j.saturating_sub(limit);
    let high = query.len().min(j + limit);
    let mut row_min = cap;
    let mut before_cut = cap;
    let mut reach = cap;
    let above_low = (j - 1).saturating_sub(limit);
    let above_high = query.len().min(j - 1 + limit);
    for (i, &cell) in up.iter().enumerate().take(above_high + 1).skip(above_low) {
        reach = reach.min(cell.saturating_add(1).saturating_add(left(j - 1, i)));
    }
    for i in low..=high {
        let cell = if i == 0 {
            j.min(usize::from(cap)) as u8
        } else {
            let wanted = query[i - 1];
            let mut cell = (up[i] + 1)
                .min(here[i - 1] + 1)
                .min(up[i - 1] + u8::from(wanted != label));
            if j > 1 && i > 1 && wanted != label && wanted == labels[j - 1] && query[i - 2] == label
            {
                cell = cell.min(above[(j - 2) * width + i - 2] + 1);
            }
            cell.min(cap)
        };
        here[i] = cell;
        row_min = row_min.min(cell);
        reach = reach.min(cell.saturating_add(left(j, i)));
        if i <= cut {
            before_cut = before_cut.min(cell);
        }
    }
    (row_min, before_cut, reach.min(cap))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The index's answer as text, beside the rule's over the same list.
    fn both<'c>(candidates: &[&'c str], wrong: &str) -> (Option<&'c str>, Option<&'c str>) {
        let index = Index::new(candidates.iter().copied());
        let found = index.closest(wrong).map(|at| candidates[at]);
        (found, closest(wrong, candidates.iter().copied()))
    }

    #[test]
    fn edges() {
        for (candidates, wrong) in [
            (&[][..], "a"),
            (&[""][..], ""),
            (&[""][..], "a"),
            (&["", "b"][..], "a"),
            (&["ab", "ba"][..], "ba"),
            (&["ca", "abc"][..], "ac"),
            (&["abc", "ABC", "abd"][..], "abz"),
            (&["éa", "ea"][..], "Éa"),
            (&["a"][..], "abcdefghijkl"),
        ] {
            let (found, expected) = both(candidates, wrong);
            assert_eq!(found, expected, "{candidates:?} {wrong:?}");
        }
    }

    /// A text of a small alphabet (so that texts are often near each other),
    /// in both cases, with a character outside ASCII.
    fn text(max: usize) -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just('a'),
                Just('b'),
                Just('A'),
                Just('c'),
                Just('-'),
                Just('1'),
                Just('0'),
                Just('é'),
            ],
            0..max,
        )
        .prop_map(|chars| chars.into_iter().collect())
    }

    /// A candidate changed by a few random edits: a query with a near
    /// answer, or several.
    fn edited(candidate: &str, edits: &[(u8, usize, char)]) -> String {
        let mut chars: Vec<char> = candidate.chars().collect();
        for &(kind, at, with) in edits {
            let at = if chars.is_empty() {
                0
            } else {
                at % (chars.len() + 1)
            };
            match kind % 4 {
                0 => chars.insert(at, with),
                1 if at < chars.len() => {
                    chars.remove(at);
                }
                2 if at < chars.len() => chars[at] = with,
                3 if at + 1 < chars.len() => chars.swap(at, at + 1),
                _ => {}
            }
        }
        chars.into_iter().collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The index picks what the rule picks, on random lists and random
        /// texts, near a candidate or not.
        #[test]
        fn the_index_suggests_what_the_rule_suggests(
            candidates in proptest::collection::vec(text(14), 0..40),
            wrong in text(18),
            pick in any::<usize>(),
            edits in proptest::collection::vec((any::<u8>(), any::<usize>(), prop_oneof![Just('a'), Just('B'), Just('-'), Just('é')]), 0..5),
        ) {
            let candidates: Vec<&str> = candidates.iter().map(String::as_str).collect();
            let (found, expected) = both(&candidates, &wrong);
            prop_assert_eq!(found, expected, "{:?}", wrong);
            if !candidates.is_empty() {
                let near = edited(candidates[pick % candidates.len()], &edits);
                let (found, expected) = both(&candidates, &near);
                prop_assert_eq!(found, expected, "{:?}", near);
            }
        }

        /// The same on lists shaped like catalogues: codes of one family,
        /// numbered close together, and typos of them.
        #[test]
        fn the_index_suggests_what_the_rule_suggests_for_codes(
            numbers in proptest::collection::vec(0u32..3000, 1..300),
            pick in any::<usize>(),
            edits in proptest::collection::vec((any::<u8>(), any::<usize>(), prop_oneof![Just('0'), Just('1'), Just('9'), Just('-'), Just('g')]), 0..5),
        ) {
            let codes: Vec<String> = numbers
                .iter()
                .map(|n| format!("GEN-{:04}-{:06}", 1200 + n % 7, 100_000 + n))
                .collect();
            let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
            let near = edited(codes[pick % codes.len()], &edits);
            let (found, expected) = both(&codes, &near);
            prop_assert_eq!(found, expected, "{:?}", near);
        }
    }
}
