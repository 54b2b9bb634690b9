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
    // Walk the attributes in order (name, optional "=value"), comparing names without
    // allocating: this runs for every tag of every page.
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
        if found.eq_ignore_ascii_case(name) && !found.is_empty() {
            return value;
        }
        if k == start {
            k += 1;
        }
    }
    None
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
        let mut window = rest.len().min(12);
        while !rest.is_char_boundary(window) {
            window -= 1;
        }
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
    /// Class/id evidence: +25 for article-like names, -25 for boilerplate names.
    hint: f64,
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

/// What an element's class and id say: a score hint (+25 for article-like names, -25 for
/// boilerplate names, anywhere in the names), and whether one whole name marks the element as
/// a block that is never article text (see `junk_name`).
fn class_evidence(attrs: &str) -> (f64, bool) {
    let (class, id) = (attr(attrs, "class"), attr(attrs, "id"));
    if class.is_none() && id.is_none() {
        return (0.0, false);
    }
    let names = format!("{} {}", class.unwrap_or(""), id.unwrap_or("")).to_ascii_lowercase();
    let mut hint = 0.0;
    if NEGATIVE_HINTS.iter().any(|h| names.contains(h)) {
        hint -= 25.0;
    }
    if POSITIVE_HINTS.iter().any(|h| names.contains(h)) {
        hint += 25.0;
    }
    (hint, names.split_ascii_whitespace().any(junk_name))
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
    ];
    const FIRST: &[&str] = &[
        "sharing", "share", "cookie", "cookies", "cmplz", "onetrust", "consent", "optin", "abh",
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
    let mut h1: Option<String> = None;
    let mut in_h1 = false;
    let mut nodes: Vec<Node> = vec![Node {
        tag: "#root".into(),
        parent: None,
        hint: 0.0,
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
    // The first element whose class names an author or byline: its depth and text so far.
    let mut byline: Option<(usize, String)> = None;
    let mut i = 0;
    // Appends the pending line as a paragraph and credits it to the elements that hold it.
    let flush = |line: &mut String,
                 links: &mut usize,
                 text: &mut String,
                 nodes: &mut Vec<Node>,
                 stack: &[usize],
                 furniture: bool| {
        let collapsed: Vec<&str> = line
            .split(|c: char| c.is_whitespace() && c != '\u{a0}')
            .filter(|w| !w.is_empty())
            .collect();
        if !collapsed.is_empty() {
            let paragraph = collapsed.join(" ");
            let chars = paragraph.chars().count();
            text.push_str(&paragraph);
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
            if in_h1 {
                h1.get_or_insert_with(String::new).push_str(&line[before..]);
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
            in_h1 = !tag.closing && open_furniture == 0;
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
            );
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
                            page.author = byline_name(&collected);
                        }
                    }
                }
                if pos > 0 {
                    for &n in &stack[pos..] {
                        nodes[n].text_end = text.len();
                        open_links -= usize::from(nodes[n].tag == "a");
                        open_furniture -= usize::from(nodes[n].boilerplate);
                    }
                    stack.truncate(pos);
                }
            }
        } else {
            let parent = stack.last().copied();
            if byline.is_none() && page.author.is_none() {
                let names = format!(
                    "{} {} {}",
                    attr(tag.attrs, "class").unwrap_or(""),
                    attr(tag.attrs, "rel").unwrap_or(""),
                    attr(tag.attrs, "itemprop").unwrap_or("")
                )
                .to_ascii_lowercase();
                let author_like = (names.contains("author") || names.contains("byline"))
                    && !["bio", "avatar", "image", "photo", "box", "description"]
                        .iter()
                        .any(|x| names.contains(x));
                if author_like {
                    byline = Some((stack.len(), String::new()));
                }
            }
            let (hint, junk) = class_evidence(tag.attrs);
            nodes.push(Node {
                tag: tag.name.clone(),
                parent,
                hint,
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
    );
    for &n in &stack {
        nodes[n].text_end = text.len();
    }
    if page.date.is_none() {
        // No date in the markup: the first date written near the top of the page (a byline).
        let readable = without_furniture(&nodes, &text);
        let top = &readable[..readable.len().min(
            readable
                .char_indices()
                .nth(3000)
                .map_or(readable.len(), |(i, _)| i),
        )];
        page.date = crate::dates::first_date(top);
    }
    page.text = choose_content(&nodes, &text);
    let h1 = h1
        .map(|h| h.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|h| !h.is_empty());
    let title = meta.title.take().filter(|t| !t.is_empty());
    page.title = choose_title(title, h1, page.site.as_deref());
    page
}

/// The text of the containers that score near the best, in page order; the whole page text when
/// no container stands out. Page builders wrap every section of an article in its own nest of
/// elements, so the article is often several containers with different parents, not one.
fn choose_content(nodes: &[Node], text: &str) -> String {
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
    // The paragraph points and text each element holds outside the blocks that are cut.
    let mut points: Vec<f64> = nodes.iter().map(|n| n.points).collect();
    let mut chars: Vec<(usize, usize)> =
        nodes.iter().map(|n| (n.chars, n.paragraph_chars)).collect();
    for k in 1..nodes.len() {
        let Some(p) = nodes[k].parent else { continue };
        if in_cut[p] {
            in_cut[k] = true;
        } else if cut[k] {
            let mut up = Some(p);
            while let Some(a) = up {
                points[a] -= nodes[k].points;
                chars[a].0 = chars[a].0.saturating_sub(nodes[k].chars);
                chars[a].1 = chars[a].1.saturating_sub(nodes[k].paragraph_chars);
                up = nodes[a].parent;
            }
        }
    }
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
        .filter(|&(a, b)| {
            fallback
                || parts
                    .iter()
                    .any(|&(pa, pb)| pa <= a && b <= pb && (a, b) != (pa, pb))
        })
        .collect();
    splice(text, &parts, holes)
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

/// The text of sorted `parts` with the `holes` cut out of them, each byte at most once.
fn splice(text: &str, parts: &[(usize, usize)], mut holes: Vec<(usize, usize)>) -> String {
    holes.sort_unstable();
    let mut out = String::new();
    let mut covered = 0;
    for &(a, b) in parts {
        let mut at = a.max(covered);
        for &(ha, hb) in &holes {
            if ha >= b || hb <= at {
                continue;
            }
            if ha > at {
                out.push_str(&text[at..ha]);
            }
            at = at.max(hb);
        }
        if at < b {
            out.push_str(&text[at..b]);
        }
        covered = covered.max(b);
    }
    out
}

/// The share of its parent's paragraph points below which the best container is only a part
/// of the article, and the parent is taken instead.
const CLIMB: f64 = 0.4;

/// Tenths of link text from which a block with no paragraph of its own is a list of links
/// (a menu, a "read more" list) and is cut from the article.
const LINK_LIST: usize = 5;

/// How close to the best container another must score to be part of the article.
const SIBLING_SHARE: f64 = 0.3;

/// The `<title>` usually carries the site name; prefer the `<h1>` when the title starts with it.
fn choose_title(title: Option<String>, h1: Option<String>, site: Option<&str>) -> Option<String> {
    // The page's own heading is the article's title when it is a real one.
    if let Some(h) = h1.as_ref().filter(|h| h.split_whitespace().count() >= 3) {
        return Some(h.clone());
    }
    match (title, h1) {
        (Some(t), Some(h)) if t.starts_with(&h) || t.contains(&h) => Some(h),
        (Some(t), h1) => {
            let stripped = [" | ", " - ", " — ", " – ", " :: "]
                .iter()
                .find_map(|sep| t.rsplit_once(sep))
                .filter(|(_, tail)| site.is_none_or(|s| tail.contains(s)) && tail.len() < 40)
                .map(|(head, _)| head.to_string());
            stripped.or(Some(t)).or(h1)
        }
        (None, h1) => h1,
    }
}

/// Reads metadata from the tags that carry it: `<title>`, `<meta>`, `<link rel=canonical>`,
/// `<time datetime>` and JSON-LD scripts. The first value found for a field wins.
#[derive(Default)]
struct MetaReader {
    title: Option<String>,
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
                self.title = Some(t.split_whitespace().collect::<Vec<_>>().join(" "));
            }
            "meta" => {
                let key = attr(tag.attrs, "property")
                    .or_else(|| attr(tag.attrs, "name"))
                    .or_else(|| attr(tag.attrs, "itemprop"))
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let Some(content) = attr(tag.attrs, "content") else {
                    return;
                };
                let mut value = String::new();
                decode_entities(content.trim(), &mut value);
                match key.as_str() {
                    "article:published_time"
                    | "datepublished"
                    | "date"
                    | "pubdate"
                    | "publish-date"
                    | "dc.date"
                    | "dc.date.issued"
                    | "sailthru.date" => {
                        page.date = page.date.or(Date::parse_iso(&value));
                    }
                    "author" | "article:author" | "dc.creator" | "byl"
                        if !value.starts_with("http") =>
                    {
                        page.author.get_or_insert(value);
                    }
                    "og:site_name" | "application-name" => {
                        page.site.get_or_insert(value);
                    }
                    "og:title" | "twitter:title" => {
                        self.title.get_or_insert(value);
                    }
                    "og:url" => {
                        page.url.get_or_insert(value);
                    }
                    _ => {}
                }
            }
            "link"
                if attr(tag.attrs, "rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
            {
                if let Some(href) = attr(tag.attrs, "href") {
                    page.url = Some(href.to_string());
                }
            }
            "time" if page.date.is_none() => {
                page.date = attr(tag.attrs, "datetime").and_then(Date::parse_iso);
            }
            "script" if attr(tag.attrs, "type").is_some_and(|t| t.contains("ld+json")) => {
                let end = markup[i..].find("</").map_or(markup.len(), |k| i + k);
                let json = &markup[i..end];
                if page.date.is_none() {
                    page.date =
                        json_ld_string(json, "datePublished").and_then(|d| Date::parse_iso(&d));
                }
                if page.author.is_none() {
                    page.author = json_ld_author(json);
                }
            }
            _ => {}
        }
    }
}

/// Whether a tag can carry metadata for [`MetaReader`].
fn carries_metadata(name: &str) -> bool {
    matches!(name, "title" | "meta" | "link" | "time" | "script")
}

/// The first string value of `"key": "..."` in a JSON-LD block, without a JSON parser.
fn json_ld_string(json: &str, key: &str) -> Option<String> {
    let at = json.find(&format!("\"{key}\""))?;
    let rest = json[at + key.len() + 2..]
        .trim_start()
        .strip_prefix(':')?
        .trim_start();
    let rest = rest.strip_prefix('"')?;
    rest.find('"').map(|e| rest[..e].to_string())
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

/// A byline's text as an author's name: "By Jane Doe" gives "Jane Doe"; long texts are not names.
fn byline_name(text: &str) -> Option<String> {
    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let t = t
        .strip_prefix("By ")
        .or_else(|| t.strip_prefix("by "))
        .unwrap_or(&t)
        .trim();
    let words = t.split_whitespace().count();
    ((1..=8).contains(&words) && t.chars().next().is_some_and(char::is_uppercase))
        .then(|| t.to_string())
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
        assert_eq!(page.text, "x\n\n");
        let page = extract(
            "<!DOCTYPE html><?xml version=\"1.0\"?><html><body><p>Text &lt;b&gt; here</p></body></html>",
        );
        assert_eq!(page.text, "Text <b> here\n\n");
    }

    const PARA: &str = "The ministry said on Monday that talks with its neighbours would resume next week, after a pause of several months, in the capital.";

    #[test]
    fn picks_the_article_and_cuts_nested_furniture() {
        let html = format!(
            "<body><nav><a href=/>Home</a> <a href=/world>World</a></nav><div class=sidebar><p>Most read: a story about something else entirely, with links.</p></div>\
             <div class=post-content><p>{PARA}</p><figure><img src=x><figcaption>Photo: Jane Doe, agency</figcaption></figure><p>{PARA}</p><p>{PARA}</p></div>\
             <footer><p>Copyright 2024, all rights reserved by the publisher of this site.</p></footer></body>"
        );
        let page = extract(&html);
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
        let page = extract(&html);
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
        assert_eq!(byline_name("By  Jane   Doe").as_deref(), Some("Jane Doe"));
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
        assert_eq!(page.text, format!("{PARA}\n\n{PARA}\n\n"));
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
        let page = extract(&format!(
            "<body><nav>x</nav><div><div>{list}</div>{}{menu}{}</div></body>",
            section.repeat(4),
            section.repeat(2)
        ));
        assert_eq!(page.text.matches(PARA).count(), 12, "{}", page.text);
        assert_eq!(page.text.matches(item).count(), 3);
        assert!(!page.text.contains("Home page"), "{}", page.text);
    }
}
