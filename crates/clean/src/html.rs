//! A first-cut web page reader: markup to paragraphs of text, plus the metadata in the head.
//!
//! It prefers the `<article>` (or `<main>`) element when the page has one, skips elements that
//! are never article text (scripts, navigation, forms, figures, asides, footers), turns block
//! elements into line breaks and decodes character references. The deep extractor, with node
//! scoring and per-site templates, is a later stage; this one keeps the contract and the offsets.

use model::Date;

/// What a page yields: its text, a paragraph per line, and what the markup says about it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    pub text: String,
    pub title: Option<String>,
    pub date: Option<Date>,
    pub author: Option<String>,
    pub site: Option<String>,
    pub url: Option<String>,
    pub modified: Option<Date>,
    pub language: Option<String>,
    /// Where each paragraph of `text` came from in the markup, in order.
    pub sources: Vec<Source>,
    /// The markup ranges of the page's paragraphs that are not the article.
    pub dropped: Vec<(usize, usize)>,
}

/// Elements whose content is never text a reader sees as the page: skipped whole.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "iframe", "button", "select", "head",
    "object", "canvas", "video", "audio", "math",
];

/// Elements that hold the page's furniture rather than its article. Their text is read (a page
/// that forgets to close one would otherwise lose everything after it) but gives no score, and
/// it is cut out of the article wherever it sits inside the chosen text.
const BOILERPLATE: &[&str] = &["nav", "aside", "footer", "figure", "figcaption", "label"];

const BLOCK: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "section",
    "article",
    "blockquote",
    "pre",
    "table",
    "ul",
    "ol",
    "header",
    "main",
    "dd",
    "dt",
    "hr",
    "td",
    "th",
];

/// A paragraph of the page text: its range there (without the blank line after it) and the
/// range of markup its text came from.
struct Paragraph {
    text: (usize, usize),
    markup: (usize, usize),
}

/// Where a paragraph of [`Page::text`] came from in the markup.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Source {
    /// Its byte range in `Page::text`.
    pub text: (usize, usize),
    /// The byte range of markup its text was read from (tags inside it included).
    pub markup: (usize, usize),
}

/// One tag as the scanner sees it.
struct Tag<'a> {
    name: String,
    closing: bool,
    attrs: &'a str,
    /// Byte offset just past the tag.
    end: usize,
}

fn parse_tag(s: &str, at: usize) -> Option<Tag<'_>> {
    let rest = &s[at + 1..];
    let closing = rest.starts_with('/');
    let name_start = at + 1 + usize::from(closing);
    let name_len = s[name_start..]
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '-' && c != ':')
        .unwrap_or(s.len() - name_start);
    if name_len == 0 {
        return None;
    }
    let name = s[name_start..name_start + name_len].to_ascii_lowercase();
    // Find the closing '>' outside quoted attribute values. A '<' ends the search: a tag never
    // contains one outside quotes, and stopping there keeps a page full of stray '<' linear. If
    // a quote was left open, the first '>' before that '<' ends the tag.
    let from = name_start + name_len;
    let mut quote = None;
    let mut end = None;
    let mut first_gt = None;
    for (i, c) in s[from..].char_indices() {
        match (quote, c) {
            (_, '<') => break,
            (_, '>') if first_gt.is_none() && quote.is_some() => first_gt = Some(from + i + 1),
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => {
                end = Some(from + i + 1);
                break;
            }
            _ => {}
        }
    }
    let end = end.or(first_gt)?;
    Some(Tag {
        name,
        closing,
        attrs: &s[name_start + name_len..end - 1],
        end,
    })
}

/// The value of attribute `name` in an attribute string.
fn attr<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let mut found = None;
    each_attr(attrs, |n, v| {
        if n.eq_ignore_ascii_case(name) {
            found = v;
            return true;
        }
        false
    });
    found
}

/// Whether the tag has the attribute, with or without a value (`<time pubdate>`).
fn has_attr(attrs: &str, name: &str) -> bool {
    let mut found = false;
    each_attr(attrs, |n, _| {
        found = n.eq_ignore_ascii_case(name);
        found
    });
    found
}

/// Calls `f` with each attribute's name and value in order, until it returns true. Walks the
/// string once without allocating: this runs for every tag of every page.
fn each_attr<'a>(attrs: &'a str, mut f: impl FnMut(&'a str, Option<&'a str>) -> bool) {
    let b = attrs.as_bytes();
    let mut k = 0;
    while k < b.len() {
        while k < b.len() && (b[k].is_ascii_whitespace() || b[k] == b'/') {
            k += 1;
        }
        let start = k;
        while k < b.len() && !b[k].is_ascii_whitespace() && b[k] != b'=' && b[k] != b'/' {
            k += 1;
        }
        let found = &attrs[start..k];
        while k < b.len() && b[k].is_ascii_whitespace() {
            k += 1;
        }
        let mut value: Option<&'a str> = None;
        if k < b.len() && b[k] == b'=' {
            k += 1;
            while k < b.len() && b[k].is_ascii_whitespace() {
                k += 1;
            }
            if k < b.len() && (b[k] == b'"' || b[k] == b'\'') {
                let q = b[k];
                let v0 = k + 1;
                let end = b[v0..]
                    .iter()
                    .position(|&c| c == q)
                    .map_or(b.len(), |e| v0 + e);
                value = Some(&attrs[v0..end]);
                k = (end + 1).min(b.len());
            } else {
                let v0 = k;
                while k < b.len() && !b[k].is_ascii_whitespace() && b[k] != b'>' {
                    k += 1;
                }
                value = Some(&attrs[v0..k]);
            }
        }
        if !found.is_empty() && f(found, value) {
            return;
        }
        if k == start {
            k += 1;
        }
    }
}

/// The attributes every element is looked at for, read in one walk.
#[derive(Default)]
struct Common<'a> {
    class: Option<&'a str>,
    id: Option<&'a str>,
    style: Option<&'a str>,
    aria_hidden: Option<&'a str>,
}

fn common_attrs(attrs: &str) -> Common<'_> {
    let mut c = Common::default();
    if attrs.trim().is_empty() {
        return c;
    }
    each_attr(attrs, |n, v| {
        if n.eq_ignore_ascii_case("class") {
            c.class = c.class.or(v);
        } else if n.eq_ignore_ascii_case("id") {
            c.id = c.id.or(v);
        } else if n.eq_ignore_ascii_case("style") {
            c.style = c.style.or(v);
        } else if n.eq_ignore_ascii_case("aria-hidden") {
            c.aria_hidden = c.aria_hidden.or(v);
        }
        false
    });
    c
}

/// The furniture tags a page opens more often than it closes, counted in one pass.
fn unbalanced_furniture(s: &str) -> Vec<&'static str> {
    let b = s.as_bytes();
    let mut opened = [0usize; BOILERPLATE.len()];
    let mut closed = [0usize; BOILERPLATE.len()];
    for (p, _) in s.match_indices('<') {
        let closing = b.get(p + 1) == Some(&b'/');
        let start = p + 1 + usize::from(closing);
        let len = b[start.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if len == 0 || len > 10 {
            continue;
        }
        let name = &b[start..start + len];
        if let Some(k) = BOILERPLATE
            .iter()
            .position(|f| f.as_bytes().eq_ignore_ascii_case(name))
        {
            if closing {
                closed[k] += 1;
            } else {
                opened[k] += 1;
            }
        }
    }
    BOILERPLATE
        .iter()
        .enumerate()
        .filter(|&(k, _)| opened[k] > closed[k])
        .map(|(_, f)| *f)
        .collect()
}

/// The byte offset of `</name` at or after `from`, ignoring case, without copying the text.
fn find_end_tag(s: &str, from: usize, name: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut at = from;
    while let Some(off) = s[at..].find("</") {
        let p = at + off;
        let tail = &b[p + 2..];
        if tail.len() >= name.len() && tail[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return Some(p);
        }
        at = p + 2;
    }
    None
}

/// Decodes character references (`&amp;`, `&#8217;`, `&#x2019;`) in a run of text.
pub fn decode_entities(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        // A reference is short; look for its ';' within the first dozen bytes (on a character
        // boundary: the text after '&' may be anything).
        let window = crate::floor_boundary(rest, 12);
        let semi = rest[..window].find(';');
        let decoded = semi
            .and_then(|j| {
                let name = &rest[1..j];
                let c = if let Some(num) = name.strip_prefix('#') {
                    let code = if let Some(hex) = num.strip_prefix(['x', 'X']) {
                        u32::from_str_radix(hex, 16).ok()
                    } else {
                        num.parse().ok()
                    };
                    code.map(numeric_reference)
                } else {
                    named_entity(name)
                };
                c.map(|c| (c, j + 1))
            })
            .or_else(|| {
                // The legacy references browsers read without their ';' ("&nbsp", "&amp").
                LEGACY
                    .iter()
                    .find(|(name, _)| rest[1..].starts_with(name))
                    .map(|&(name, c)| (c, name.len() + 1))
            });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

/// References that pages write without a ';' and browsers still read.
const LEGACY: &[(&str, char)] = &[
    ("nbsp", '\u{a0}'),
    ("amp", '&'),
    ("quot", '"'),
    ("copy", '©'),
    ("reg", '®'),
    ("lt", '<'),
    ("gt", '>'),
];

/// A numeric character reference as the HTML standard reads it: 0x80-0x9F are the Windows-1252
/// characters old pages meant ("&#146;" is ’), and NUL, surrogates and out-of-range values
/// become U+FFFD.
fn numeric_reference(code: u32) -> char {
    const CP1252: [u32; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    let code = if (0x80..=0x9F).contains(&code) {
        CP1252[(code - 0x80) as usize]
    } else {
        code
    };
    match code {
        0 => '\u{FFFD}',
        _ => char::from_u32(code).unwrap_or('\u{FFFD}'),
    }
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "mdash" => '—',
        "ndash" => '–',
        "rsquo" => '’',
        "lsquo" => '‘',
        "rdquo" => '”',
        "ldquo" => '“',
        "hellip" => '…',
        "copy" => '©',
        "reg" => '®',
        "laquo" => '«',
        "raquo" => '»',
        "eacute" => 'é',
        "egrave" => 'è',
        "aacute" => 'á',
        "oacute" => 'ó',
        "iacute" => 'í',
        "uacute" => 'ú',
        "ntilde" => 'ñ',
        "ouml" => 'ö',
        "uuml" => 'ü',
        "auml" => 'ä',
        "ccedil" => 'ç',
        "shy" => '\u{ad}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "zwj" => '\u{200d}',
        "zwnj" => '\u{200c}',
        "lrm" => '\u{200e}',
        "rlm" => '\u{200f}',
        "bull" => '•',
        "middot" => '·',
        "trade" => '™',
        "deg" => '°',
        "sect" => '§',
        "para" => '¶',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "times" => '×',
        "divide" => '÷',
        "frac12" => '½',
        "frac14" => '¼',
        "frac34" => '¾',
        "plusmn" => '±',
        "micro" => 'µ',
        "iexcl" => '¡',
        "iquest" => '¿',
        "sbquo" => '‚',
        "bdquo" => '„',
        "prime" => '′',
        "Prime" => '″',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "dagger" => '†',
        "larr" => '←',
        "rarr" => '→',
        "uarr" => '↑',
        "darr" => '↓',
        "harr" => '↔',
        "hearts" => '♥',
        "star" => '☆',
        "check" => '✓',
        "Aacute" => 'Á',
        "Eacute" => 'É',
        "Iacute" => 'Í',
        "Oacute" => 'Ó',
        "Uacute" => 'Ú',
        "Ntilde" => 'Ñ',
        "Ouml" => 'Ö',
        "Uuml" => 'Ü',
        "Auml" => 'Ä',
        "Ccedil" => 'Ç',
        "szlig" => 'ß',
        "agrave" => 'à',
        "Agrave" => 'À',
        "acirc" => 'â',
        "ecirc" => 'ê',
        "icirc" => 'î',
        "ocirc" => 'ô',
        "ucirc" => 'û',
        "atilde" => 'ã',
        "otilde" => 'õ',
        "aring" => 'å',
        "Aring" => 'Å',
        "aelig" => 'æ',
        "AElig" => 'Æ',
        "oslash" => 'ø',
        "Oslash" => 'Ø',
        "euml" => 'ë',
        "iuml" => 'ï',
        "yacute" => 'ý',
        "igrave" => 'ì',
        "ograve" => 'ò',
        "ugrave" => 'ù',
        "Egrave" => 'È',
        "ordm" => 'º',
        "ordf" => 'ª',
        "sup2" => '²',
        "sup3" => '³',
        "sup1" => '¹',
        "not" => '¬',
        "macr" => '¯',
        "acute" => '´',
        "cedil" => '¸',
        "uml" => '¨',
        "brvbar" => '¦',
        "curren" => '¤',
        "colon" => ':',
        "comma" => ',',
        "period" => '.',
        "excl" => '!',
        "quest" => '?',
        "lpar" => '(',
        "rpar" => ')',
        "sol" => '/',
        "num" => '#',
        "percnt" => '%',
        "dollar" => '$',
        "ast" => '*',
        "commat" => '@',
        "lowbar" => '_',
        "hyphen" => '-',
        "dash" => '‐',
        "NewLine" => '\n',
        "Tab" => '\t',
        _ => return None,
    })
}

/// Class and id words that mark boilerplate, and words that mark the article.
const NEGATIVE_HINTS: &[&str] = &[
    "comment",
    "sidebar",
    "footer",
    "footnote",
    "masthead",
    "menu",
    "nav",
    "related",
    "share",
    "social",
    "sponsor",
    "promo",
    "advert",
    "popup",
    "cookie",
    "newsletter",
    "subscribe",
    "breadcrumb",
    "recommend",
    "more-stories",
    "outbrain",
    "taboola",
    "banner",
    "signup",
    "login",
    "toolbar",
    "pagination",
    "disclaimer",
];
const POSITIVE_HINTS: &[&str] = &[
    "article", "body", "content", "entry", "main", "post", "text", "story", "blog",
];

/// Elements that never hold text of their own and are never closed.
const VOID: &[&str] = &[
    "br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "col", "embed", "param",
    "track", "base",
];

/// Where a paragraph's text counts: the paragraph-like element's container.
const PARAGRAPHS: &[&str] = &[
    "p",
    "li",
    "blockquote",
    "pre",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "dd",
    "dt",
    "td",
];

/// One element as the extractor sees it.
struct Node {
    tag: String,
    parent: Option<usize>,
    /// Class/id evidence: +25 for article-like names, -25 for boilerplate names. Read only for
    /// elements that hold paragraphs, once the page is read (see `class_hint`).
    hint: f64,
    /// Where the class and id values are in the markup.
    names: [Option<(usize, usize)>; 2],
    /// The node's text in the page text (exact for block elements, which flush on both ends).
    text_start: usize,
    text_end: usize,
    chars: usize,
    link_chars: usize,
    score: f64,
    /// The points and characters of every scoring paragraph inside the element, at any depth.
    points: f64,
    paragraph_chars: usize,
    boilerplate: bool,
    /// Named as a block that is never article text (`junk_name`).
    junk: bool,
}

/// What an element's class and id say for its score: +25 for article-like names, -25 for
/// boilerplate names, anywhere in the names.
fn class_hint(class: Option<&str>, id: Option<&str>) -> f64 {
    if class.is_none() && id.is_none() {
        return 0.0;
    }
    let names = format!("{} {}", class.unwrap_or(""), id.unwrap_or("")).to_ascii_lowercase();
    let mut hint = 0.0;
    if contains_any(&names, NEGATIVE_HINTS) {
        hint -= 25.0;
    }
    if contains_any(&names, POSITIVE_HINTS) {
        hint += 25.0;
    }
    hint
}

/// Whether one whole class or id name marks the element as a block that is never article text
/// (see `junk_name`). Names are compared in lowercase; most already are.
fn junk_names(class: Option<&str>, id: Option<&str>) -> bool {
    [class, id]
        .into_iter()
        .flatten()
        .flat_map(str::split_ascii_whitespace)
        .any(|name| {
            if name.bytes().any(|b| b.is_ascii_uppercase()) {
                junk_name(&name.to_ascii_lowercase())
            } else {
                junk_name(name)
            }
        })
}

/// Whether any of the words occurs in the text: one pass over the text, trying only the words
/// that start with the byte at hand (this runs for every element of every page).
fn contains_any(text: &str, words: &[&str]) -> bool {
    let b = text.as_bytes();
    (0..b.len()).any(|i| {
        words
            .iter()
            .any(|w| w.as_bytes()[0] == b[i] && b[i..].starts_with(w.as_bytes()))
    })
}

/// A class or id name (lowercase) that marks a block readers never count as the article:
/// comment threads, sharing buttons, author boxes, bylines, cookie banners, "recommended"
/// lists. Whole names only: `comments-open` on `<body>` says nothing about the block, and the
/// block that holds the best-scoring paragraphs is never cut whatever its name.
fn junk_name(name: &str) -> bool {
    let parts = || name.split(['-', '_']).filter(|p| !p.is_empty());
    let first = parts().next().unwrap_or("");
    if first.starts_with("comment") || name == "respond" || name == "disqus_thread" {
        // "comments-open", "comment-count": states and counters, not threads.
        return !parts()
            .any(|p| matches!(p, "open" | "closed" | "count" | "number" | "link" | "links"));
    }
    const WHOLE: &[&str] = &[
        "sharedaddy",
        "saboxplugin-wrap",
        "yarpp-related",
        "vcard",
        "byline",
        "footnotes",
        "elementor-posts",
        "elementor-widget-posts",
        "elementor-hidden-desktop",
    ];
    const FIRST: &[&str] = &[
        "sharing", "share", "cookie", "cookies", "cmplz", "onetrust", "consent", "optin", "abh",
        "cli", "modal",
    ];
    const ANY: &[&str] = &["bio", "recommended", "byline", "sharing", "cookiebanner"];
    WHOLE.contains(&name)
        || FIRST.contains(&first)
        || parts().any(|p| ANY.contains(&p))
        || name.starts_with("author-box")
        || name == "entry-meta"
}

/// Reads a page: metadata from the head, and the article's text chosen by scoring the elements
/// that hold its paragraphs (in the manner of Readability): paragraphs of some length score
/// their container and, at half weight, its parent; class names and link density adjust the
/// score; the best container and its strong siblings are the article.
pub fn extract(markup: &str) -> Page {
    let mut page = Page::default();
    let mut meta = MetaReader::default();
    let s = markup;
    let mut text = String::with_capacity(markup.len() / 4);
    let mut line = String::new();
    let mut line_links = 0usize;
    let mut skip_depth: Vec<String> = Vec::new();
    // The text of each top-level heading outside the page's furniture (a few at most).
    let mut h1s: Vec<String> = Vec::new();
    // Each paragraph of the page text (its range there, without the blank line after it) and
    // the markup bytes its text came from; and the markup range of the line being gathered.
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    let mut line_src: Option<(usize, usize)> = None;
    // Where the first of them starts in the page text: bylines and dates sit around it.
    let mut first_h1: Option<Heading> = None;
    let mut in_h1 = false;
    let mut nodes: Vec<Node> = vec![Node {
        tag: "#root".into(),
        parent: None,
        hint: 0.0,
        names: [None, None],
        text_start: 0,
        text_end: 0,
        chars: 0,
        link_chars: 0,
        score: 0.0,
        points: 0.0,
        paragraph_chars: 0,
        boilerplate: false,
        junk: false,
    }];
    let mut stack: Vec<usize> = vec![0];
    // Furniture tags this page opens more often than it closes: one left open would swallow
    // the rest of the page, so on this page they are ordinary elements.
    let unbalanced = unbalanced_furniture(s);
    // How many links and furniture elements are open, so text need not search the stack.
    let mut open_links = 0usize;
    let mut open_furniture = 0usize;
    // Of those, the figures (a table inside one makes it the article's).
    let mut open_figures = 0usize;
    // The first element whose class names an author or byline: its depth and text so far.
    let mut byline: Option<(usize, String)> = None;
    let mut i = 0;
    // Appends the pending line as a paragraph and credits it to the elements that hold it.
    // ...and records where it stands in the page text and in the markup (`src`, taken).
    let flush = |line: &mut String,
                 links: &mut usize,
                 text: &mut String,
                 nodes: &mut Vec<Node>,
                 stack: &[usize],
                 furniture: bool,
                 paragraphs: &mut Vec<Paragraph>,
                 src: &mut Option<(usize, usize)>| {
        let markup = src.take();
        let collapsed: Vec<&str> = line
            .split(|c: char| c.is_whitespace() && c != '\u{a0}')
            .filter(|w| !w.is_empty())
            .collect();
        if !collapsed.is_empty() {
            let paragraph = collapsed.join(" ");
            let chars = paragraph.chars().count();
            let start = text.len();
            text.push_str(&paragraph);
            paragraphs.push(Paragraph {
                text: (start, text.len()),
                markup: markup.unwrap_or((0, 0)),
            });
            text.push_str("\n\n");
            for &n in stack {
                nodes[n].chars += chars;
                nodes[n].link_chars += *links;
            }
            if chars >= 25 && *links * 2 < chars && !furniture {
                let commas = paragraph.matches([',', '，']).count() as f64;
                let points = 1.0 + commas + (chars as f64 / 100.0).min(3.0);
                let inner = *stack.last().unwrap_or(&0);
                let container = if PARAGRAPHS.contains(&nodes[inner].tag.as_str()) {
                    nodes[inner].parent.unwrap_or(0)
                } else {
                    inner
                };
                for &n in stack {
                    nodes[n].points += points;
                    nodes[n].paragraph_chars += chars;
                }
                nodes[container].score += points;
                if let Some(up) = nodes[container].parent {
                    nodes[up].score += points / 2.0;
                }
            }
        }
        line.clear();
        *links = 0;
    };
    while i < s.len() {
        let next_lt = s[i..].find('<').map_or(s.len(), |j| i + j);
        if next_lt > i && skip_depth.is_empty() {
            let before = line.len();
            decode_entities(&s[i..next_lt], &mut line);
            let run = &s[i..next_lt];
            if !run.trim().is_empty() {
                let start = i + (run.len() - run.trim_start().len());
                line_src = Some((line_src.map_or(start, |(a, _)| a), next_lt));
            }
            if in_h1 {
                if let Some(h) = h1s.last_mut() {
                    h.push_str(&line[before..]);
                }
            }
            if open_links > 0 {
                line_links += line[before..].trim().chars().count();
            }
            if let Some((_, collected)) = byline.as_mut() {
                collected.push_str(&line[before..]);
                collected.push(' ');
            }
        }
        if next_lt >= s.len() {
            break;
        }
        if s[next_lt..].starts_with("<!--") {
            i = s[next_lt..]
                .find("-->")
                .map_or(s.len(), |j| next_lt + j + 3);
            continue;
        }
        // Declarations and processing instructions (<!doctype html>, <?xml ...?>).
        if s[next_lt..].starts_with("<!") || s[next_lt..].starts_with("<?") {
            i = s[next_lt..].find('>').map_or(s.len(), |j| next_lt + j + 1);
            continue;
        }
        let Some(tag) = parse_tag(s, next_lt) else {
            if skip_depth.is_empty() {
                line.push('<');
            }
            i = next_lt + 1;
            continue;
        };
        i = tag.end;
        if !tag.closing && carries_metadata(&tag.name) {
            if tag.name == "time" {
                meta.text_at = text.len() + line.len();
                // Only the line's last words matter (and a long line must not be lowercased
                // once per <time>).
                let trimmed = line.trim_end();
                let from = crate::floor_boundary(trimmed, trimmed.len().saturating_sub(24));
                let tail = trimmed[from..].to_lowercase();
                meta.after_updated = ["updated", "updated:", "updated on", "modified", "modified:"]
                    .iter()
                    .any(|w| tail.ends_with(w));
            }
            meta.tag(s, &tag, i, &mut page);
        }
        if tag.name == "script" || tag.name == "style" {
            // Raw text: jump straight to the end tag; their content is never markup.
            if !tag.closing {
                i = find_end_tag(s, i, &tag.name).unwrap_or(s.len());
            }
            continue;
        }
        let self_closing = tag.attrs.trim_end().ends_with('/');
        if SKIP.contains(&tag.name.as_str()) && !self_closing {
            if tag.closing {
                if let Some(pos) = skip_depth.iter().rposition(|n| *n == tag.name) {
                    skip_depth.truncate(pos);
                }
            } else {
                skip_depth.push(tag.name.clone());
            }
            continue;
        }
        if !skip_depth.is_empty() {
            // A skipped element left open ends when an element around it closes, as a
            // browser would close it ("<div><select>...</div>"); an open <head> ends at <body>.
            let closes_outer = tag.closing && stack.iter().any(|&n| nodes[n].tag == tag.name);
            let body_starts = !tag.closing && tag.name == "body";
            if !closes_outer && !body_starts {
                continue;
            }
            skip_depth.clear();
        }
        if tag.name == "h1" {
            in_h1 = !tag.closing && open_furniture == 0 && h1s.len() < 8;
            if in_h1 {
                h1s.push(String::new());
            }
        } else if in_h1 {
            // "Computing?<span>Cloud</span>": elements inside a heading are words apart.
            if let Some(h) = h1s.last_mut() {
                h.push(' ');
            }
        }
        // Furniture starts and ends a paragraph too, so its text range is exact.
        let block = BLOCK.contains(&tag.name.as_str()) || BOILERPLATE.contains(&tag.name.as_str());
        if block {
            flush(
                &mut line,
                &mut line_links,
                &mut text,
                &mut nodes,
                &stack,
                open_furniture > 0,
                &mut paragraphs,
                &mut line_src,
            );
            if in_h1 && first_h1.is_none() {
                first_h1 = Some(Heading {
                    start: text.len(),
                    end: usize::MAX,
                });
            } else if tag.name == "h1" && tag.closing {
                if let Some(h) = first_h1.as_mut().filter(|h| h.end == usize::MAX) {
                    h.end = text.len();
                }
            }
        }
        if VOID.contains(&tag.name.as_str()) || self_closing {
            continue;
        }
        if tag.closing {
            // Close the nearest open element of that name, and anything left open inside it.
            if let Some(pos) = stack.iter().rposition(|&n| nodes[n].tag == tag.name) {
                if byline.as_ref().is_some_and(|(depth, _)| pos <= *depth) {
                    if let Some((_, collected)) = byline.take() {
                        if page.author.is_none() {
                            page.author = author_name(&collected, true);
                        }
                    }
                }
                if pos > 0 {
                    for &n in &stack[pos..] {
                        nodes[n].text_end = text.len();
                        open_links -= usize::from(nodes[n].tag == "a");
                        open_furniture -= usize::from(nodes[n].boilerplate);
                        open_figures -=
                            usize::from(nodes[n].boilerplate && nodes[n].tag == "figure");
                    }
                    stack.truncate(pos);
                }
            }
        } else {
            let parent = stack.last().copied();
            // Only tags that mention an author or a byline somewhere are looked at closely.
            let may_name_author = tag.attrs.contains("uthor") || tag.attrs.contains("yline");
            if byline.is_none() && page.author.is_none() && may_name_author {
                let names = format!(
                    "{} {} {}",
                    attr(tag.attrs, "class").unwrap_or(""),
                    attr(tag.attrs, "rel").unwrap_or(""),
                    attr(tag.attrs, "itemprop").unwrap_or("")
                )
                .to_ascii_lowercase();
                // A link to the author's page ("/authors/jane-doe") names the author too.
                let author_link = tag.name == "a"
                    && attr(tag.attrs, "href")
                        .is_some_and(|h| h.contains("/author/") || h.contains("/authors/"));
                let author_like = author_link
                    || ((names.contains("author") || names.contains("byline"))
                        && !["bio", "avatar", "image", "photo", "box", "description"]
                            .iter()
                            .any(|x| names.contains(x)));
                if author_like {
                    byline = Some((stack.len(), String::new()));
                }
            }
            if tag.name == "table" && open_figures > 0 {
                // A table in a figure (as block editors wrap them) is the article's data, not
                // a picture's caption: the figures around it are not furniture.
                for &n in stack.iter().rev() {
                    if nodes[n].tag == "figure" && nodes[n].boilerplate {
                        nodes[n].boilerplate = false;
                        open_furniture -= 1;
                        open_figures -= 1;
                        if open_figures == 0 {
                            break;
                        }
                    }
                }
            }
            let common = common_attrs(tag.attrs);
            let junk = junk_names(common.class, common.id);
            let at = |v: Option<&str>| {
                v.map(|v| {
                    let start = v.as_ptr() as usize - s.as_ptr() as usize;
                    (start, start + v.len())
                })
            };
            let names = [at(common.class), at(common.id)];
            // An element the page hides is not what its reader sees.
            let hidden = common.style.is_some_and(|st| {
                let st = st.to_ascii_lowercase().replace(' ', "");
                st.contains("display:none") || st.contains("visibility:hidden")
            }) || common.aria_hidden == Some("true");
            let junk = junk || hidden;
            nodes.push(Node {
                tag: tag.name.clone(),
                parent,
                hint: 0.0,
                names,
                junk,
                text_start: text.len(),
                text_end: text.len(),
                chars: 0,
                link_chars: 0,
                score: 0.0,
                points: 0.0,
                paragraph_chars: 0,
                boilerplate: BOILERPLATE.contains(&tag.name.as_str())
                    && !unbalanced.contains(&tag.name.as_str()),
            });
            open_links += usize::from(tag.name == "a");
            open_furniture += usize::from(nodes[nodes.len() - 1].boilerplate);
            open_figures += usize::from(nodes[nodes.len() - 1].boilerplate && tag.name == "figure");
            stack.push(nodes.len() - 1);
        }
    }
    flush(
        &mut line,
        &mut line_links,
        &mut text,
        &mut nodes,
        &stack,
        open_furniture > 0,
        &mut paragraphs,
        &mut line_src,
    );
    for &n in &stack {
        nodes[n].text_end = text.len();
    }
    if page.date.is_none() || page.author.is_none() {
        // Not in the markup: the first date, and a byline, written near the top of the page.
        let readable = without_furniture(&nodes, &text);
        let top = &readable[..readable.len().min(
            readable
                .char_indices()
                .nth(3000)
                .map_or(readable.len(), |(i, _)| i),
        )];
        if page.date.is_none() {
            // The date the page shows; else what its scripts or text say.
            page.date = shown_date(&meta.times, first_h1)
                .or(meta.script_date)
                .or_else(|| first_h1.and_then(|h| date_near(&text, h)))
                .or_else(|| crate::dates::labelled_date(&text))
                .or_else(|| page.url.as_deref().and_then(url_date))
                .or_else(|| {
                    let plain = meta.times.iter().find(|t| t.2 == TimeKind::Plain);
                    plain.map(|t| t.1)
                })
                .or_else(|| crate::dates::first_date(top))
                .or(meta.script_plain_date);
        }
        if page.author.is_none() {
            page.author = written_byline(top);
        }
    }
    for n in nodes.iter_mut().filter(|n| n.score > 0.0) {
        let [class, id] = n.names.map(|r| r.map(|(a, b)| &s[a..b]));
        n.hint = class_hint(class, id);
    }
    if page.modified.is_none() {
        let modified = meta.times.iter().find(|t| t.2 == TimeKind::Modified);
        page.modified = modified.map(|t| t.1);
    }
    // A midnight stamp is the CMS's guess at a day; the page's own "published" <time> knows.
    if meta.midnight {
        if let Some(shown) = shown_date(&meta.times, first_h1) {
            page.date = Some(shown);
        }
    }
    let pieces = choose_content(&nodes, &text);
    // The article at paragraph grain: a paragraph is kept when most of it was chosen, and
    // once (pages repeat blocks for other screens and tabs).
    let mut pieces = pieces.iter().peekable();
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for p in &paragraphs {
        while pieces.peek().is_some_and(|&&(_, b)| b <= p.text.0) {
            pieces.next();
        }
        let mut kept = 0;
        for &(a, b) in pieces.clone() {
            if a >= p.text.1 {
                break;
            }
            kept += b.min(p.text.1) - a.max(p.text.0);
        }
        let paragraph = &text[p.text.0..p.text.1];
        let chosen = kept * 2 > p.text.1 - p.text.0;
        let repeated = chosen
            && paragraph.split_whitespace().nth(DEDUP_WORDS - 1).is_some()
            && !seen.insert(paragraph);
        if chosen && !repeated {
            let start = page.text.len();
            page.text.push_str(&text[p.text.0..p.text.1]);
            page.sources.push(Source {
                text: (start, page.text.len()),
                markup: p.markup,
            });
            page.text.push_str("\n\n");
        } else {
            page.dropped.push(p.markup);
        }
    }
    let h1s: Vec<String> = h1s
        .iter()
        .map(|h| collapse(h))
        .filter(|h| !h.is_empty())
        .collect();
    page.title = choose_title(&meta, &h1s, page.site.as_deref());
    page
}

/// The text of the containers that score near the best, in page order; the whole page text when
/// no container stands out. Page builders wrap every section of an article in its own nest of
/// elements, so the article is often several containers with different parents, not one.
fn choose_content(nodes: &[Node], text: &str) -> Vec<(usize, usize)> {
    let final_score = |n: &Node| {
        let density = if n.chars == 0 {
            0.0
        } else {
            n.link_chars as f64 / n.chars as f64
        };
        let tag_bonus = match n.tag.as_str() {
            "article" => 25.0,
            "main" => 10.0,
            _ => 0.0,
        };
        (n.score + n.hint + tag_bonus) * (1.0 - density)
    };
    let (mut best_node, best) = (1..nodes.len())
        .filter(|&k| nodes[k].score > 0.0)
        .map(|k| (k, final_score(&nodes[k])))
        .fold((0, f64::NEG_INFINITY), |a, b| if b.1 > a.1 { b } else { a });
    // Blocks named as never article text are cut, except those around the best container.
    let mut cut: Vec<bool> = nodes.iter().map(|n| n.junk).collect();
    let mut up = Some(best_node);
    while let Some(k) = up {
        cut[k] = false;
        up = nodes[k].parent;
    }
    let mut in_cut = cut.clone();
    // The paragraph points and text each element holds outside the blocks that are cut: what
    // each outermost cut block holds is taken from its ancestors, in one pass from the leaves up
    // (children always follow their parents).
    let mut taken: Vec<(f64, usize, usize)> = vec![(0.0, 0, 0); nodes.len()];
    for k in 1..nodes.len() {
        let Some(p) = nodes[k].parent else { continue };
        if in_cut[p] {
            in_cut[k] = true;
        } else if cut[k] {
            taken[k] = (nodes[k].points, nodes[k].chars, nodes[k].paragraph_chars);
        }
    }
    for k in (1..nodes.len()).rev() {
        if let Some(p) = nodes[k].parent {
            let t = taken[k];
            taken[p].0 += t.0;
            taken[p].1 += t.1;
            taken[p].2 += t.2;
        }
    }
    let points: Vec<f64> = nodes
        .iter()
        .zip(&taken)
        .map(|(n, t)| n.points - t.0)
        .collect();
    let chars: Vec<(usize, usize)> = nodes
        .iter()
        .zip(&taken)
        .map(|(n, t)| {
            (
                n.chars.saturating_sub(t.1),
                n.paragraph_chars.saturating_sub(t.2),
            )
        })
        .collect();
    // An article split into sections: the best container holds only part of the paragraphs an
    // ancestor holds, and that ancestor is the article. Wrappers that add nothing are passed
    // over: the next container up is the lowest ancestor holding clearly more.
    let mut up = nodes[best_node].parent;
    while let Some(p) = up {
        if p == 0 || matches!(nodes[p].tag.as_str(), "body" | "html") {
            break;
        }
        // The text the ancestor adds must be mostly paragraphs: one whose extra text is
        // menus and lists of links is not the article, whatever paragraphs it also holds.
        let added = chars[p].0.saturating_sub(chars[best_node].0);
        let added_paragraphs = chars[p].1.saturating_sub(chars[best_node].1);
        if points[best_node] < CLIMB * points[p] && 2 * added_paragraphs >= added {
            best_node = p;
        }
        up = nodes[p].parent;
    }
    let mut parts: Vec<(usize, usize)> = if best.is_finite() {
        let threshold = (best * SIBLING_SHARE).max(10.0);
        (1..nodes.len())
            .filter(|&k| {
                k == best_node
                    || (nodes[k].score > 0.0 && !in_cut[k] && final_score(&nodes[k]) >= threshold)
            })
            .map(|k| (nodes[k].text_start, nodes[k].text_end))
            .collect()
    } else {
        Vec::new()
    };
    let fallback = parts.iter().map(|(a, b)| b - a).sum::<usize>() < 200;
    if fallback {
        parts = vec![(0, text.len())];
    }
    parts.sort_unstable();
    // Whether a range lies inside a chosen part without being that part: the parts are sorted
    // by start, so the part that reaches furthest among those starting at or before it decides.
    let mut reach: Vec<(usize, usize)> = Vec::with_capacity(parts.len());
    for &(a, b) in &parts {
        let best = reach.last().copied().filter(|&(_, rb)| rb >= b);
        reach.push(best.map_or((a, b), |r| r));
    }
    let inside = |a: usize, b: usize| {
        let k = parts.partition_point(|&(pa, _)| pa <= a);
        k > 0 && {
            let (ra, rb) = reach[k - 1];
            b <= rb && (ra, rb) != (a, b)
        }
    };
    // Furniture nested inside the chosen text (a figure in the article, a nav in the page) is
    // cut out; furniture around it (an <aside> never closed) is not.
    let holes: Vec<(usize, usize)> = nodes
        .iter()
        .zip(&cut)
        .filter(|(n, cut)| {
            let link_list = n.points == 0.0
                && n.chars > 0
                && n.link_chars * 10 >= n.chars * LINK_LIST
                && !PARAGRAPHS.contains(&n.tag.as_str())
                && n.tag != "a";
            (n.boilerplate || **cut || link_list) && n.text_end > n.text_start
        })
        .map(|(n, _)| (n.text_start, n.text_end))
        .filter(|&(a, b)| fallback || inside(a, b))
        .collect();
    pieces(&parts, holes)
}

/// The page text without its furniture (navigation, asides, footers, figures), except
/// furniture that spans most of the page (an element left open).
fn without_furniture(nodes: &[Node], text: &str) -> String {
    let holes = nodes
        .iter()
        .filter(|n| {
            n.boilerplate
                && n.text_end > n.text_start
                && (n.text_end - n.text_start) * 2 < text.len()
        })
        .map(|n| (n.text_start, n.text_end))
        .collect();
    splice(text, &[(0, text.len())], holes)
}

/// The ranges of sorted `parts` with the `holes` cut out of them, each byte at most once, in
/// order.
fn pieces(parts: &[(usize, usize)], mut holes: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    // The holes as disjoint sorted ranges, so one cursor can sweep them with the parts.
    holes.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(holes.len());
    for (a, b) in holes {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    let mut out = Vec::new();
    let mut covered = 0;
    let mut first = 0;
    for &(a, b) in parts {
        let mut at = a.max(covered);
        while first < merged.len() && merged[first].1 <= at {
            first += 1;
        }
        for &(ha, hb) in &merged[first..] {
            if ha >= b {
                break;
            }
            if ha > at {
                out.push((at, ha));
            }
            at = at.max(hb);
        }
        if at < b {
            out.push((at, b));
        }
        covered = covered.max(b);
    }
    out
}

/// The text of sorted `parts` with the `holes` cut out of them, each byte at most once.
fn splice(text: &str, parts: &[(usize, usize)], holes: Vec<(usize, usize)>) -> String {
    pieces(parts, holes)
        .into_iter()
        .map(|(a, b)| &text[a..b])
        .collect()
}

/// The share of its parent's paragraph points below which the best container is only a part
/// of the article, and the parent is taken instead.
const CLIMB: f64 = 0.4;

/// Tenths of link text from which a block with no paragraph of its own is a list of links
/// (a menu, a "read more" list) and is cut from the article.
const LINK_LIST: usize = 5;

/// Paragraphs of at least this many words are kept once only.
const DEDUP_WORDS: usize = 8;

/// How close to the best container another must score to be part of the article.
const SIBLING_SHARE: f64 = 0.3;

/// Whitespace runs as single spaces, ends trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lowercase, curly quotes straight, for comparing titles.
fn title_key(s: &str) -> String {
    s.to_lowercase()
        .replace(['’', '‘'], "'")
        .replace(['“', '”'], "\"")
}

/// The article's title. The page's own heading wins when the page's title, social title or
/// JSON-LD headline contains it (that settles which of several `<h1>`s is the article's, and
/// that it is not the site's logo); then the first heading of three words or more; then the
/// social or page title without the site's name after its last separator.
fn choose_title(meta: &MetaReader, h1s: &[String], site: Option<&str>) -> Option<String> {
    let refs: Vec<String> = [&meta.social_title, &meta.headline, &meta.title]
        .into_iter()
        .flatten()
        .map(|t| title_key(t))
        .collect();
    if let Some(h) = h1s.iter().find(|h| {
        let key = title_key(h);
        refs.iter().any(|r| r.contains(&key))
    }) {
        return Some(h.clone());
    }
    if let Some(h) = h1s.iter().find(|h| h.split_whitespace().count() >= 3) {
        return Some(h.clone());
    }
    meta.social_title
        .as_deref()
        .or(meta.title.as_deref())
        .map(|t| without_site_name(t, site))
        .or_else(|| h1s.first().cloned())
}

/// "Article title | Site": the part before the last separator, when the part after it is the
/// site's name, or short (a site's name) and shorter than the part before; "Site | Article
/// title" likewise.
fn without_site_name(title: &str, site: Option<&str>) -> String {
    let is_site = |part: &str| {
        site.is_some_and(|s| !s.is_empty() && title_key(part.trim()) == title_key(s.trim()))
    };
    for sep in [" | ", " - ", " — ", " – ", " :: ", " · ", " » ", " • "] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            if is_site(tail) || (tail.chars().count() < 40 && head.len() > tail.len()) {
                return head.trim().to_string();
            }
        }
        if let Some((head, tail)) = title.split_once(sep) {
            if is_site(head) {
                return tail.trim().to_string();
            }
        }
    }
    title.to_string()
}

/// Reads metadata from the tags that carry it: `<title>`, `<meta>`, `<link rel=canonical>`,
/// `<time datetime>` and JSON-LD scripts. The first value found for a field wins.
#[derive(Default)]
struct MetaReader {
    /// `<title>`.
    title: Option<String>,
    /// `og:title` or `twitter:title`.
    social_title: Option<String>,
    /// JSON-LD `headline`.
    headline: Option<String>,
    /// Whether the meta tags' publication date was stamped at midnight exactly.
    midnight: bool,
    /// A publication date in a script's data, and a date under a plain `"date"` key.
    script_date: Option<Date>,
    script_plain_date: Option<Date>,
    /// Each `<time>`: where it stands in the page text, its date, and what it dates.
    times: Vec<(usize, Date, TimeKind)>,
    /// Set by the reader before each tag: the page text's length, and whether the text just
    /// before says "Updated".
    text_at: usize,
    after_updated: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum TimeKind {
    Published,
    Modified,
    Plain,
}

impl MetaReader {
    /// Handles one opening tag; `after` is the byte offset just past it.
    fn tag(&mut self, markup: &str, tag: &Tag<'_>, after: usize, page: &mut Page) {
        let i = after;
        match tag.name.as_str() {
            "title" if self.title.is_none() => {
                let end = markup[i..].find('<').map_or(markup.len(), |k| i + k);
                let mut t = String::new();
                decode_entities(markup[i..end].trim(), &mut t);
                self.title = Some(collapse(&t)).filter(|t| !t.is_empty());
            }
            "meta" => {
                let raw_key = attr(tag.attrs, "property")
                    .or_else(|| attr(tag.attrs, "name"))
                    .or_else(|| attr(tag.attrs, "http-equiv"))
                    .or_else(|| attr(tag.attrs, "itemprop"))
                    .unwrap_or("");
                let mut key = String::new();
                decode_entities(raw_key, &mut key);
                let key = key.to_ascii_lowercase();
                let key = key
                    .strip_prefix("og:")
                    .filter(|k| k.starts_with("article:"))
                    .unwrap_or(&key);
                let Some(content) = attr(tag.attrs, "content") else {
                    return;
                };
                let mut value = String::new();
                decode_entities(content.trim(), &mut value);
                match key {
                    "article:published_time"
                    | "datepublished"
                    | "date"
                    | "pubdate"
                    | "publish-date"
                    | "dc.date"
                    | "dc.date.issued"
                    | "sailthru.date"
                    | "published"
                    | "published-date"
                    | "publish_date"
                    | "publishdate"
                    | "parsely-pub-date"
                    | "article.published"
                        if page.date.is_none() =>
                    {
                        // Most say "2025-07-17T10:00"; some "July 17, 2025".
                        page.date =
                            Date::parse_iso(&value).or_else(|| crate::dates::first_date(&value));
                        // "T00:00:00": a day the CMS filled in, not a moment it recorded.
                        self.midnight = value.get(10..19) == Some("T00:00:00");
                    }
                    "author" | "article:author" | "dc.creator" | "byl" if page.author.is_none() => {
                        page.author = author_name(&value, false);
                    }
                    "article:modified_time"
                    | "og:updated_time"
                    | "datemodified"
                    | "last-modified"
                    | "dc.date.modified"
                    | "modified"
                    | "updated" => {
                        page.modified = page
                            .modified
                            .or_else(|| Date::parse_iso(&value))
                            .or_else(|| crate::dates::first_date(&value));
                    }
                    "og:locale" | "content-language" | "language" | "dc.language"
                        if page.language.is_none() =>
                    {
                        page.language = language_code(&value);
                    }
                    "og:site_name" | "application-name" => {
                        page.site.get_or_insert(value);
                    }
                    "og:title" | "twitter:title" if self.social_title.is_none() => {
                        self.social_title = Some(collapse(&value)).filter(|t| !t.is_empty());
                    }
                    "og:url" => {
                        page.url.get_or_insert(value);
                    }
                    _ => {}
                }
            }
            "html" => {
                if let Some(lang) = attr(tag.attrs, "lang").and_then(language_code) {
                    page.language = Some(lang);
                }
            }
            "link"
                if attr(tag.attrs, "rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
            {
                if let Some(href) = attr(tag.attrs, "href") {
                    page.url = Some(href.to_string());
                }
            }
            "time" => {
                // <time datetime="2025-10-08">, or <time>8 Oct 2022</time>.
                let end = markup[i..].find('<').map_or(markup.len(), |k| i + k);
                let date = match attr(tag.attrs, "datetime") {
                    Some(d) => Date::parse_iso(d).or_else(|| crate::dates::first_date(d)),
                    None => crate::dates::first_date(&markup[i..end]),
                };
                let names = format!(
                    "{} {}",
                    attr(tag.attrs, "class").unwrap_or(""),
                    attr(tag.attrs, "itemprop").unwrap_or("")
                )
                .to_ascii_lowercase();
                let kind =
                    if names.contains("modif") || names.contains("updated") || self.after_updated {
                        TimeKind::Modified
                    } else if has_attr(tag.attrs, "pubdate")
                        || [
                            "publish",
                            "post-date",
                            "entry-date",
                            "article-date",
                            "byline",
                        ]
                        .iter()
                        .any(|w| names.contains(w))
                    {
                        TimeKind::Published
                    } else {
                        TimeKind::Plain
                    };
                if let Some(date) = date {
                    if self.times.len() < 1024 {
                        self.times.push((self.text_at, date, kind));
                    }
                }
            }
            "script" if attr(tag.attrs, "type").is_some_and(|t| t.contains("ld+json")) => {
                let end = markup[i..].find("</").map_or(markup.len(), |k| i + k);
                let json = &markup[i..end];
                if page.date.is_none() {
                    let raw = json_ld_string(json, "datePublished");
                    page.date = raw.as_deref().and_then(Date::parse_iso);
                    self.midnight = raw.as_deref().and_then(|r| r.get(10..19)) == Some("T00:00:00");
                }
                if page.author.is_none() {
                    page.author = json_ld_author(json);
                }
                if page.modified.is_none() {
                    page.modified =
                        json_ld_string(json, "dateModified").and_then(|d| Date::parse_iso(&d));
                }
                if self.headline.is_none() {
                    self.headline = json_ld_string(json, "headline").map(|h| {
                        let mut decoded = String::new();
                        decode_entities(&h, &mut decoded);
                        collapse(&decoded)
                    });
                }
            }
            // A page's own data in a script (a framework's state): its publication date, kept
            // as a fallback behind the markup's. Only while no date is known, and only the
            // first 256 kB of each script: program code is most of a page's bytes.
            "script"
                if page.date.is_none()
                    && self.script_date.is_none()
                    && attr(tag.attrs, "src").is_none() =>
            {
                let end = crate::floor_boundary(markup, i + (256 << 10));
                let end = markup[i..end].find("</script").map_or(end, |k| i + k);
                self.script_date = script_date(&markup[i..end]);
                if self.script_plain_date.is_none() {
                    self.script_plain_date = script_plain_date(&markup[i..end]);
                }
            }
            _ => {}
        }
    }
}

/// A date in an article's address: ".../2025/12/15/slug", ".../2025-12-15-slug" (also
/// percent-encoded).
fn url_date(url: &str) -> Option<Date> {
    let url = url.replace("%2F", "/").replace("%2f", "/");
    let b = url.as_bytes();
    for (at, _) in url.match_indices(['/', '-', '_']) {
        let Some(rest) = url.get(at + 1..at + 11) else {
            continue;
        };
        let r = rest.as_bytes();
        let digits = |range: std::ops::Range<usize>| r[range].iter().all(u8::is_ascii_digit);
        let sep = r[4];
        let shaped = digits(0..4)
            && digits(5..7)
            && digits(8..10)
            && matches!(sep, b'/' | b'-')
            && r[7] == sep;
        let ends = b.get(at + 11).is_none_or(|c| !c.is_ascii_digit());
        if shaped && ends {
            let (y, m, d) = (
                rest[..4].parse().ok()?,
                rest[5..7].parse().ok()?,
                rest[8..10].parse().ok()?,
            );
            if (1990..=2100).contains(&y) {
                if let Some(date) = Date::ymd(y, m, d) {
                    return Some(date);
                }
            }
        }
    }
    None
}

/// The publication date in a script's data: the first ISO date under a key such as
/// `datePublished`, `publishDate`, `publishedAt` or `published_at`, quoted or escaped.
/// A script's first ISO date under a plain `"date"` key (quoted or escaped): weaker evidence
/// than a publication key, for pages that say nothing else.
fn script_plain_date(script: &str) -> Option<Date> {
    script.match_indices("date").find_map(|(at, _)| {
        let before = script[..at].trim_end_matches('\\');
        if !before.ends_with('"') {
            return None;
        }
        date_after_key(&script[at + 4..], &['"', '\\'])
    })
}

/// The ISO date a script's value gives, read just after its key: what `before_colon` holds
/// (closing quotes, escapes), the colon, opening quotes, then the date.
fn date_after_key(rest: &str, before_colon: &[char]) -> Option<Date> {
    let value = rest.trim_start_matches(before_colon).strip_prefix(':')?;
    let value = value.trim_start_matches(['"', '\\', ' ']);
    value.get(..10).and_then(Date::parse_iso)
}

fn script_date(script: &str) -> Option<Date> {
    const KEYS: &[&str] = &[
        "datepublished",
        "publishdate",
        "publishedat",
        "published_at",
        "publisheddate",
        "publish_date",
        "date_published",
    ];
    for (at, _) in script.match_indices("ublish") {
        let near = at.saturating_sub(6);
        let Some(start) = script
            .get(near..at)
            .and_then(|before| before.rfind('"'))
            .map(|q| near + q)
        else {
            continue;
        };
        let Some(len) = script[at..].find(['"', '\\']).filter(|&l| l <= 10) else {
            continue;
        };
        let key = script[start + 1..at + len].to_ascii_lowercase();
        if !KEYS.contains(&key.as_str()) {
            continue;
        }
        if let Some(date) = date_after_key(&script[at + len..], &['"', '\\', ' ']) {
            return Some(date);
        }
    }
    None
}

/// The language part of a language tag: "en-US", "en_GB" and "EN" give "en".
fn language_code(tag: &str) -> Option<String> {
    let code = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    ((2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase())).then_some(code)
}

/// Whether a tag can carry metadata for [`MetaReader`].
fn carries_metadata(name: &str) -> bool {
    matches!(name, "title" | "meta" | "link" | "time" | "script" | "html")
}

/// The first string value of `"key": "..."` in a JSON-LD block, without a JSON parser.
fn json_ld_string(json: &str, key: &str) -> Option<String> {
    let at = json.find(&format!("\"{key}\""))?;
    let rest = json[at + key.len() + 2..]
        .trim_start()
        .strip_prefix(':')?
        .trim_start();
    let rest = rest.strip_prefix('"')?;
    // The string up to its closing quote, with JSON's escapes read.
    let mut out = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' | 't' | 'r' => out.push(' '),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    let mut code = u32::from_str_radix(&hex, 16).ok()?;
                    if (0xD800..0xDC00).contains(&code) && chars.as_str().starts_with("\\u") {
                        let low: String = chars.by_ref().skip(2).take(4).collect();
                        let low = u32::from_str_radix(&low, 16).ok()?;
                        code =
                            0x10000 + ((code - 0xD800) << 10) + (low.wrapping_sub(0xDC00) & 0x3FF);
                    }
                    out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                }
                other => out.push(other),
            },
            _ => out.push(c),
        }
    }
    None
}

/// The author's name in JSON-LD: `"author": "Name"`, `"author": {"name": "Name"}` or a list of
/// such objects (the first).
fn json_ld_author(json: &str) -> Option<String> {
    let at = json.find("\"author\"")?;
    let rest = json[at + 8..].trim_start().strip_prefix(':')?.trim_start();
    let name = if let Some(s) = rest.strip_prefix('"') {
        s.find('"').map(|e| s[..e].to_string())
    } else {
        let window = &rest[..rest.char_indices().nth(400).map_or(rest.len(), |(i, _)| i)];
        let at = window.find("\"name\"")?;
        let v = window[at + 6..]
            .trim_start()
            .strip_prefix(':')?
            .trim_start()
            .strip_prefix('"')?;
        v.find('"').map(|e| v[..e].to_string())
    }?;
    let mut out = String::new();
    decode_entities(name.trim(), &mut out);
    (!out.is_empty() && !out.starts_with("http")).then_some(out)
}

/// Where the article's heading stands in the page text.
#[derive(Clone, Copy)]
struct Heading {
    start: usize,
    /// `usize::MAX` until the heading closes.
    end: usize,
}

/// How far above and below the heading a byline's date may stand, in bytes of page text.
const HEADING_ABOVE: usize = 400;
const HEADING_BELOW: usize = 1500;

impl Heading {
    /// Where the heading ends (where it starts while it is still open).
    fn end(&self) -> usize {
        if self.end == usize::MAX {
            self.start
        } else {
            self.end
        }
    }

    /// How far a position in the page text is from the heading, for a date: a byline sits just
    /// above or below it. Below counts at its distance, above at twice it; beyond
    /// `HEADING_ABOVE`/`HEADING_BELOW` is not the heading's.
    fn distance(&self, at: usize) -> Option<usize> {
        let end = self.end();
        if at >= end {
            (at - end <= HEADING_BELOW).then_some(at - end)
        } else if at >= self.start {
            Some(0)
        } else {
            (self.start - at <= HEADING_ABOVE).then_some(2 * (self.start - at))
        }
    }
}

/// The date the page shows as a `<time>`: one that says it is the publication's, else the one
/// nearest the heading (not a related article's card).
fn shown_date(times: &[(usize, Date, TimeKind)], heading: Option<Heading>) -> Option<Date> {
    let published = times.iter().find(|t| t.2 == TimeKind::Published);
    published.map(|t| t.1).or_else(|| {
        let heading = heading?;
        times
            .iter()
            .filter(|t| t.2 == TimeKind::Plain)
            .filter_map(|t| heading.distance(t.0).map(|d| (d, t.1)))
            .min_by_key(|(d, _)| *d)
            .map(|(_, date)| date)
    })
}

/// The date written nearest the article's heading.
fn date_near(text: &str, heading: Heading) -> Option<Date> {
    let start = crate::floor_boundary(text, heading.start.saturating_sub(HEADING_ABOVE));
    let stop = crate::floor_boundary(text, heading.end().saturating_add(HEADING_BELOW));
    let window = &text[start..stop];
    crate::dates::dates(window)
        .filter(|&(k, _)| !crate::dates::labelled_as_update(window, k))
        .filter_map(|(k, d)| heading.distance(start + k).map(|distance| (distance, d)))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, d)| d)
}

/// An author's name out of a byline or a metadata value: "By Jane Doe", "Written by: Jane
/// Doe", "Jane Doe - June 12, 2025", "Jane Doe Verified expert" all give "Jane Doe". Long texts,
/// addresses and placeholders are not names; `capitalised` also asks that it start with a
/// capital (free text, where "by the way" must not become an author).
fn author_name(text: &str, capitalised: bool) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut start = 0;
    // Leading labels and punctuation: "Written by", "Posted by:", "Author:", "By", "|".
    while start < words.len() {
        let w = words[start].trim_end_matches(':').to_lowercase();
        let label = matches!(
            w.as_str(),
            "by" | "author" | "authors" | "written" | "posted" | "|" | "-" | "," | "•"
        ) || (matches!(w.as_str(), "written" | "posted")
            && words
                .get(start + 1)
                .is_some_and(|n| n.eq_ignore_ascii_case("by")));
        if !label {
            break;
        }
        start += 1;
    }
    let mut name: Vec<&str> = Vec::new();
    for (k, w) in words[start..].iter().enumerate() {
        let bare = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        let next_has_digit = words
            .get(start + k + 1)
            .is_some_and(|n| n.chars().any(|c| c.is_ascii_digit()));
        let stop = w.chars().any(|c| c.is_ascii_digit())
            || matches!(*w, "-" | "–" | "—" | "|" | "•" | "·" | "/")
            || matches!(
                bare.as_str(),
                "published"
                    | "updated"
                    | "verified"
                    | "posted"
                    | "last"
                    | "reviewed"
                    | "read"
                    | "min"
            )
            || (bare == "on" && next_has_digit)
            || (crate::dates::month_number(&bare).is_some() && next_has_digit);
        if stop {
            break;
        }
        name.push(w);
    }
    let name = name.join(" ");
    let name = name.trim_matches(|c: char| c == ',' || c == ';' || c == ':' || c.is_whitespace());
    let count = name.split_whitespace().count();
    let placeholder = matches!(
        name.to_lowercase().as_str(),
        "name" | "admin" | "administrator" | "author" | "by" | "staff" | "unknown"
    );
    let plausible = (1..=8).contains(&count)
        && !placeholder
        && !name.contains('@')
        && !name.contains("http")
        && (!capitalised || name.chars().next().is_some_and(char::is_uppercase));
    plausible.then(|| name.to_string())
}

/// A byline written in the text near the top: a line "By Jane Doe" or "Written by Jane Doe",
/// or a line "Written by" followed by the name on its own line.
fn written_byline(top: &str) -> Option<String> {
    let lines: Vec<&str> = top
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    for (k, line) in lines.iter().enumerate() {
        let lower = line.to_lowercase();
        let lower = lower.trim_end_matches(':');
        if matches!(lower, "by" | "written by" | "posted by" | "author") {
            if let Some(name) = lines.get(k + 1).and_then(|n| author_name(n, true)) {
                if name.split_whitespace().count() <= 5 {
                    return Some(name);
                }
            }
        } else if line.starts_with("By ")
            || lower.starts_with("written by ")
            || lower.starts_with("posted by ")
        {
            if let Some(name) =
                author_name(line, true).filter(|n| n.split_whitespace().count() <= 5)
            {
                return Some(name);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_attributes_entities_and_json_ld() {
        assert_eq!(attr(r#" content="a b" name='x'"#, "name"), Some("x"));
        assert_eq!(attr(r#" data-name="no" name=yes"#, "name"), Some("yes"));
        let mut s = String::new();
        decode_entities(
            "Biden&#8217;s &quot;killer&quot; &amp;c &unknown; &#x41;",
            &mut s,
        );
        assert_eq!(s, "Biden’s \"killer\" &c &unknown; A");
        let mut s = String::new();
        decode_entities(
            "Russia&#146;s &#147;deal&#148; &#0;&#xD800;&#99999999;",
            &mut s,
        );
        assert_eq!(s, "Russia’s “deal” \u{FFFD}\u{FFFD}\u{FFFD}");
        let mut s = String::new();
        decode_entities("Webmaster&nbsp| Q&amp A &ampx &notanentity", &mut s);
        assert_eq!(s, "Webmaster\u{a0}| Q& A &x &notanentity");
        let page = extract("<p><a href='x>y</a> Russia accused China.</p>");
        assert_eq!(page.text, "y Russia accused China.\n\n");
        let page = extract(
            r#"<script type="application/ld+json">{"datePublished": "2021-04-21T08:00"}</script><p>x</p>"#,
        );
        assert_eq!(page.date.unwrap().to_string(), "2021-04-21");
        assert_eq!(
            json_ld_string(
                r#"{"headline": "Biden\u2019s \"killer\" remark \ud83d\ude00"}"#,
                "headline"
            )
            .as_deref(),
            Some("Biden’s \"killer\" remark 😀")
        );
        assert_eq!(page.text, "x\n\n");
        let page = extract(
            "<!DOCTYPE html><?xml version=\"1.0\"?><html><body><p>Text &lt;b&gt; here</p></body></html>",
        );
        assert_eq!(page.text, "Text <b> here\n\n");
    }

    const PARA: &str = "The ministry said on Monday that talks with its neighbours would resume next week, after a pause of several months, in the capital.";

    /// The page with each occurrence of `needle` numbered, so that no paragraph repeats (a
    /// repeated paragraph is kept once).
    fn distinct(html: &str, needle: &str) -> String {
        let mut out = String::new();
        for (k, part) in html.split(needle).enumerate() {
            if k > 0 {
                out.push_str(&format!("{needle} ({k})"));
            }
            out.push_str(part);
        }
        out
    }

    #[test]
    fn picks_the_article_and_cuts_nested_furniture() {
        let html = format!(
            "<body><nav><a href=/>Home</a> <a href=/world>World</a></nav><div class=sidebar><p>Most read: a story about something else entirely, with links.</p></div>\
             <div class=post-content><p>{PARA}</p><figure><img src=x><figcaption>Photo: Jane Doe, agency</figcaption></figure><p>{PARA}</p><p>{PARA}</p></div>\
             <footer><p>Copyright 2024, all rights reserved by the publisher of this site.</p></footer></body>"
        );
        let page = extract(&distinct(&html, PARA));
        assert_eq!(
            page.text.matches("The ministry said").count(),
            3,
            "{}",
            page.text
        );
        for clutter in ["Home", "Photo: Jane Doe", "Most read", "Copyright"] {
            assert!(!page.text.contains(clutter), "{clutter} in {}", page.text);
        }
    }

    #[test]
    fn an_aside_left_open_does_not_hide_the_page() {
        let html = format!("<body><aside class=banner>Sale!<div class=content><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p></div></body>");
        let page = extract(&distinct(&html, PARA));
        assert_eq!(
            page.text.matches("The ministry said").count(),
            3,
            "{}",
            page.text
        );
    }

    #[test]
    fn json_ld_author_survives_multibyte_text_at_its_window_edge() {
        // The author object is searched within 400 bytes; put a two-byte character across it.
        let json = format!(
            "{{\"author\": {{\"@type\": \"Person\", \"x\": \"{}é\"}}}}",
            "a".repeat(373)
        );
        assert_eq!(json_ld_author(&json), None);
        let json = r#"{"author": [{"@type": "Person", "name": "Jane Doe"}]}"#;
        assert_eq!(json_ld_author(json).as_deref(), Some("Jane Doe"));
        assert_eq!(
            author_name("By  Jane   Doe", true).as_deref(),
            Some("Jane Doe")
        );
        for (byline, name) in [
            ("Written By: Tom May", Some("Tom May")),
            ("Summer Swann - June 12, 2025", Some("Summer Swann")),
            ("Craig Hull Verified expert", Some("Craig Hull")),
            (
                "Reyan Perumal Published on July 18, 2025",
                Some("Reyan Perumal"),
            ),
            (
                "By: FlowGuard EMEA on 04-ago-2021 5:11:10",
                Some("FlowGuard EMEA"),
            ),
            (
                "Oleg Parashchak Jul 18, 2025 7 min",
                Some("Oleg Parashchak"),
            ),
            ("Tom May", Some("Tom May")),
            ("Name", None),
            ("ops@example.com", None),
            (
                "by the way, this is a sentence and not a name at all here",
                None,
            ),
        ] {
            assert_eq!(author_name(byline, true).as_deref(), name, "{byline}");
        }
        assert_eq!(
            written_byline("Title here\nWritten by\nEdzel Tabing\nAug 04, 2025").as_deref(),
            Some("Edzel Tabing")
        );
    }

    #[test]
    fn a_midnight_stamp_gives_way_to_the_date_shown_by_the_heading() {
        let page = |stamp: &str| {
            extract(&format!(
                "<head><meta property='article:published_time' content='{stamp}'></head>\
                 <body><article><h1>Envoy recalled to Moscow for consultations</h1>\
                 <time datetime='2024-04-09'>April 9, 2024</time><p>{PARA}</p></article></body>"
            ))
            .date
            .map(|d| d.to_string())
        };
        assert_eq!(
            page("2024-04-05T00:00:00-04:00").as_deref(),
            Some("2024-04-09")
        );
        assert_eq!(
            page("2024-04-05T10:30:00-04:00").as_deref(),
            Some("2024-04-05")
        );
    }

    #[test]
    fn reads_dates_from_addresses() {
        let d = |u: &str| url_date(u).map(|d| d.to_string());
        assert_eq!(
            d("https://example.com/2025/12/15/envoy-recalled").as_deref(),
            Some("2025-12-15")
        );
        assert_eq!(
            d("https://blog.example.fr%2Farticles%2F2025-12-15%2BRust").as_deref(),
            Some("2025-12-15")
        );
        assert_eq!(d("https://example.com/2025/13/15/x"), None);
        assert_eq!(d("https://example.com/p/20251215123"), None);
    }

    #[test]
    fn strips_site_name_from_title() {
        let page = extract("<title>Envoy recalled - The Moscow Times</title><meta property=\"og:site_name\" content=\"The Moscow Times\"><p>Body</p>");
        assert_eq!(page.title.as_deref(), Some("Envoy recalled"));
        assert_eq!(page.site.as_deref(), Some("The Moscow Times"));
    }

    #[test]
    fn cuts_comment_threads_and_sharing_but_not_the_block_around_the_article() {
        let page = extract(&format!(
            "<body class='single comments-open'><div class='share-wrap'><article><p>{PARA}</p><p>{PARA}</p>\
             <div class='sharedaddy'><p>Click to share on Facebook (Opens in new window) Facebook now</p></div>\
             <div id='comments' class='comments-area'><p>Jenny says: thanks for sharing this with us all, lovely, will try it</p></div>\
             </article></div></body>"
        ));
        assert_eq!(
            page.text,
            format!("{PARA}\n\n"),
            "a paragraph repeated is kept once"
        );
        let page = extract(&distinct(
            &format!(
                "<body class='single comments-open'><div class='share-wrap'><article><p>{PARA}</p><p>{PARA}</p>\
                 <div id='comments' class='comments-area'><p>Jenny says: thanks for sharing this with us all, lovely, will try it</p></div>\
                 </article></div></body>"
            ),
            PARA,
        ));
        assert_eq!(page.text, format!("{PARA} (1)\n\n{PARA} (2)\n\n"));
    }

    #[test]
    fn an_article_in_sections_is_taken_whole_without_its_menus() {
        // The best container (the list) holds a small part of the article's paragraphs; the
        // article around it is taken, and the list of links inside it is cut.
        let item =
            "Fruits: berries, citrus, pears, peaches, pineapple, bananas, kiwis, plums, figs, etc.";
        let list = format!("<ul>{}</ul>", format!("<li>{item}</li>").repeat(3));
        let section = format!("<div><div><h2>Section</h2><p>{PARA}</p><p>{PARA}</p></div></div>");
        let menu = "<div><a href='/a'>Home page of the site</a> <a href='/b'>About the people who write it</a></div>";
        let page = extract(&distinct(
            &distinct(
                &format!(
                    "<body><nav>x</nav><div><div>{list}</div>{}{menu}{}</div></body>",
                    section.repeat(4),
                    section.repeat(2)
                ),
                PARA,
            ),
            item,
        ));
        assert_eq!(page.text.matches(PARA).count(), 12, "{}", page.text);
        assert_eq!(page.text.matches(item).count(), 3);
        assert!(!page.text.contains("Home page"), "{}", page.text);
    }

    #[test]
    fn keeps_tables_in_figures_and_cuts_what_the_page_hides() {
        let page_html = format!(
            "<body><article><p>{PARA}</p>\
             <figure class='wp-block-table'><table><tr><td>2/1/2013</td><td>+13.1%</td></tr></table></figure>\
             <figure><img src='x.jpg'><figcaption>A photo of the capital at night</figcaption></figure>\
             <div style='display: none'><p>A promotion nobody sees on the page at all, ever.</p></div>\
             <div class='modal'><p>Sign in to read more of our reporting from the capital today.</p></div>\
             <p>{PARA}</p></article></body>"
        );
        let page = extract(&distinct(&page_html, PARA));
        assert!(page.text.contains("+13.1%"), "{}", page.text);
        assert!(!page.text.contains("A photo"), "{}", page.text);
        assert!(!page.text.contains("promotion"), "{}", page.text);
        assert!(!page.text.contains("Sign in"), "{}", page.text);
        assert_eq!(page.text.matches(PARA).count(), 2);
    }
}
