//! Helpers for the taggers' tests.

/// The spans of a tag sequence with their words: ("PER", "Sergei Lavrov").
pub fn span_texts(words: &[&str], tags: &[impl AsRef<str>]) -> Vec<(String, String)> {
    crate::conll::spans(tags)
        .into_iter()
        .map(|(kind, a, b)| (kind, words[a..b].join(" ")))
        .collect()
}

/// Asserts that every expected (type, words) span was found.
pub fn assert_found(found: &[(String, String)], expected: &[(&str, &str)], context: &str) {
    for e in expected {
        assert!(
            found.iter().any(|(k, t)| (k.as_str(), t.as_str()) == *e),
            "{e:?} not in {found:?} for {context:?}"
        );
    }
}

/// Asserts that a model's file form reads back to the same number of features, and that a
/// truncated file or a bare header is refused.
pub fn assert_file_form<M>(
    bytes: &[u8],
    header: &[u8],
    read: impl Fn(&[u8]) -> Result<M, String>,
    features: impl Fn(&M) -> usize,
    expected: usize,
) {
    let back = read(bytes).unwrap();
    assert_eq!(features(&back), expected);
    assert!(read(&bytes[..bytes.len() / 2]).is_err());
    assert!(read(header).is_err());
}
