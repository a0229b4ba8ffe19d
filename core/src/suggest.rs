//! "Did you mean": one rule for every place errcat suggests a correction,
//! so that one typo gets the same suggestion from the build, the derive, the
//! parsers and the command line.

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
