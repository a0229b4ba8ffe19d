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

use std::collections::VecDeque;

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
/// The candidates, in ASCII lowercase, form a trie; a question walks it
/// once, computing the optimal string alignment distance to each prefix it
/// visits a row at a time (only the cells within the edit limit of the
/// diagonal), and leaves a branch as soon as no candidate below it can be
/// closer than the best one found, or as close and earlier in the list.
/// The answer is the index of the very candidate [`closest`] picks, ties
/// included.
///
/// Building costs one sort of the candidates; the trie holds a node per
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
    /// The trie, breadth first: node 0 is the root (the empty prefix), and
    /// a node's children are consecutive, in order of their labels.
    nodes: Vec<Node>,
    /// The length of the longest candidate, in characters.
    longest: usize,
}

#[derive(Debug, Clone, Copy)]
struct Node {
    /// The last character of the node's prefix.
    label: char,
    /// The node's first child.
    first: u32,
    /// How many children it has.
    children: u32,
    /// The first candidate that is the node's prefix, or [`NONE`].
    found: u32,
    /// The first candidate that starts with the node's prefix.
    least: u32,
}

const NONE: u32 = u32::MAX;

impl Index {
    /// Prepares `candidates`, in order: [`closest`](Self::closest) answers
    /// with an index into them.
    pub fn new<'c>(candidates: impl IntoIterator<Item = &'c str>) -> Index {
        let folded: Vec<Vec<char>> = candidates
            .into_iter()
            .map(|text| text.chars().map(|c| c.to_ascii_lowercase()).collect())
            .collect();
        // An index of the list must fit a node's fields; a list that long
        // keeps its first candidates.
        let count = folded.len().min(NONE as usize - 1);
        let mut order: Vec<u32> = (0..count as u32).collect();
        // Equal texts stay in list order: the first of them is the one found.
        order.sort_by(|&a, &b| folded[a as usize].cmp(&folded[b as usize]));
        let text = |at: usize| folded[order[at] as usize].as_slice();
        let longest = folded.iter().map(Vec::len).max().unwrap_or(0);
        let mut nodes = vec![Node {
            label: '\0',
            first: 0,
            children: 0,
            found: NONE,
            least: if count == 0 { NONE } else { 0 },
        }];
        // Each node with the candidates that start with its prefix, a range
        // of `order`, and the prefix's length.
        let mut queue = VecDeque::from([(0usize, 0..count, 0usize)]);
        while let Some((node, range, depth)) = queue.pop_front() {
            let mut at = range.start;
            // The texts that end here sort first among those of the prefix.
            if at < range.end && text(at).len() == depth {
                nodes[node].found = order[at];
                while at < range.end && text(at).len() == depth {
                    at += 1;
                }
            }
            nodes[node].first = nodes.len() as u32;
            while at < range.end {
                let label = text(at)[depth];
                let start = at;
                let mut least = NONE;
                while at < range.end && text(at)[depth] == label {
                    least = least.min(order[at]);
                    at += 1;
                }
                queue.push_back((nodes.len(), start..at, depth + 1));
                nodes.push(Node {
                    label,
                    first: 0,
                    children: 0,
                    found: NONE,
                    least,
                });
            }
            nodes[node].children = nodes.len() as u32 - nodes[node].first;
        }
        Index { nodes, longest }
    }

    /// The index of the candidate [`closest`] would pick for `wrong`, or
    /// `None` when none is close enough.
    pub fn closest(&self, wrong: &str) -> Option<usize> {
        let query: Vec<char> = wrong.chars().map(|c| c.to_ascii_lowercase()).collect();
        let width = query.len() + 1;
        let limit = limit(query.len());
        // Longer than every candidate by more than the limit: none is near.
        if self.nodes[0].least == NONE || query.len() > self.longest + limit {
            return None;
        }
        // Distances saturate one past the limit: all that matters is whether
        // they are within it, and by how much.
        let cap = limit as u8 + 1;
        let deepest = self.longest.min(query.len() + limit);
        // The distance rows of the prefixes on the current path, one per
        // depth: row `j`, cell `i` is the distance from the path's first `j`
        // characters to the query's first `i`. Only the cells within `limit`
        // of the diagonal are ever written; the others stay at `cap`.
        let mut rows = vec![cap; (deepest + 1) * width];
        for (i, cell) in rows.iter_mut().take(limit.min(query.len()) + 1).enumerate() {
            *cell = i as u8;
        }
        // The least cell of each row on the path, and its last character.
        let mut least = vec![0u8; deepest + 1];
        let mut labels = vec!['\0'; deepest + 1];
        // The best so far: its distance (the limit until one is found) and
        // its index.
        let mut best = (limit as u8, NONE);
        let root = self.nodes[0];
        if root.found != NONE && rows[query.len()] <= best.0 {
            best = (rows[query.len()], root.found);
        }
        // The path: each node with the next of its children to visit.
        let mut path: Vec<(u32, u32)> = vec![(0, 0)];
        while let Some(&(node, next)) = path.last() {
            let depth = path.len() - 1;
            let parent = self.nodes[node as usize];
            if next == parent.children || depth == deepest {
                path.pop();
                continue;
            }
            let id = parent.first + next;
            path[depth].1 += 1;
            let child = self.nodes[id as usize];
            // Nothing below can be closer, or as close and earlier.
            if best.0 == 0 && child.least > best.1 {
                continue;
            }
            let j = depth + 1;
            labels[j] = child.label;
            let row_min = self.row(&query, &mut rows, &labels, j, limit, cap);
            least[j] = row_min;
            let distance = rows[j * width + query.len()];
            if child.found != NONE
                && (distance < best.0 || (distance == best.0 && child.found < best.1))
            {
                best = (distance, child.found);
            }
            // Every row below is at least this bound (a swap reaches back
            // two rows, one edit more).
            let bound = row_min.min(least[j - 1].saturating_add(1));
            if bound < best.0 || (bound == best.0 && child.least < best.1) {
                path.push((id, 0));
            }
        }
        (best.1 != NONE).then_some(best.1 as usize)
    }

    /// Computes row `j` of `rows` (the path's character there is
    /// `labels[j]`) from the two rows above it, within `limit` of the
    /// diagonal, as strsim's `osa_distance` computes its cells; returns its
    /// least cell.
    fn row(
        &self,
        query: &[char],
        rows: &mut [u8],
        labels: &[char],
        j: usize,
        limit: usize,
        cap: u8,
    ) -> u8 {
        let width = query.len() + 1;
        let (above, here) = rows.split_at_mut(j * width);
        let here = &mut here[..width];
        let up = &above[(j - 1) * width..];
        let label = labels[j];
        let low = j.saturating_sub(limit);
        let high = query.len().min(j + limit);
        let mut row_min = cap;
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
        }
        row_min
    }
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
            let at = if chars.is_empty() { 0 } else { at % (chars.len() + 1) };
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
