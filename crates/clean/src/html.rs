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

const SKIP: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "nav",
    "footer",
    "aside",
    "form",
    "figure",
    "figcaption",
    "iframe",
    "button",
    "select",
    "label",
    "head",
    "object",
    "canvas",
    "video",
    "audio",
    "math",
];

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
    // Find the closing '>' outside quoted attribute values.
    let mut quote = None;
    let mut end = None;
    for (i, c) in s[name_start + name_len..].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => {
                end = Some(name_start + name_len + i + 1);
                break;
            }
            _ => {}
        }
    }
    let end = end?;
    Some(Tag {
        name,
        closing,
        attrs: &s[name_start + name_len..end - 1],
        end,
    })
}

/// The value of attribute `name` in an attribute string.
fn attr<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let after = lower[at + name.len()..].trim_start();
        if before_ok && after.starts_with('=') {
            let value_at = attrs.len() - after.len() + 1;
            let v = attrs[value_at..].trim_start();
            return match v.chars().next() {
                Some(q @ ('"' | '\'')) => v[1..].find(q).map(|e| &v[1..1 + e]),
                Some(_) => Some(
                    v.split(|c: char| c.is_whitespace() || c == '>')
                        .next()
                        .unwrap_or(""),
                ),
                None => None,
            };
        }
        from = at + name.len();
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
        let decoded = semi.and_then(|j| {
            let name = &rest[1..j];
            let c = if let Some(num) = name.strip_prefix('#') {
                let code = if let Some(hex) = num.strip_prefix(['x', 'X']) {
                    u32::from_str_radix(hex, 16).ok()
                } else {
                    num.parse().ok()
                };
                code.and_then(char::from_u32)
            } else {
                named_entity(name)
            };
            c.map(|c| (c, j + 1))
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

/// The part of the page to read: the outermost `<article>`, else `<main>`, else everything.
fn main_region(markup: &str) -> (usize, usize) {
    let lower = markup.to_ascii_lowercase();
    for name in ["article", "main"] {
        let open = format!("<{name}");
        let close = format!("</{name}>");
        let start = lower.match_indices(&open).map(|(i, _)| i).find(|&i| {
            lower[i + open.len()..].starts_with(|c: char| c == '>' || c.is_whitespace())
        });
        if let (Some(s), Some(e)) = (start, lower.rfind(&close)) {
            if e > s {
                return (s, e + close.len());
            }
        }
    }
    (0, markup.len())
}

/// Reads a page.
pub fn extract(markup: &str) -> Page {
    let mut page = Page::default();
    read_head(markup, &mut page);
    let (from, to) = main_region(markup);
    let s = &markup[..to];
    let mut text = String::with_capacity(markup.len() / 4);
    let mut line = String::new();
    let mut skip_depth: Vec<String> = Vec::new();
    let mut h1: Option<String> = None;
    let mut in_h1 = false;
    let mut i = from;
    let flush = |line: &mut String, text: &mut String| {
        let collapsed: Vec<&str> = line
            .split(|c: char| c.is_whitespace() && c != '\u{a0}')
            .filter(|w| !w.is_empty())
            .collect();
        if !collapsed.is_empty() {
            text.push_str(&collapsed.join(" "));
            text.push_str("\n\n");
        }
        line.clear();
    };
    while i < s.len() {
        let next_lt = s[i..].find('<').map_or(s.len(), |j| i + j);
        if next_lt > i && skip_depth.is_empty() {
            let before = line.len();
            decode_entities(&s[i..next_lt], &mut line);
            if in_h1 {
                h1.get_or_insert_with(String::new).push_str(&line[before..]);
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
        if tag.name == "script" || tag.name == "style" {
            // Raw text: jump straight to the end tag; their content is never markup.
            if !tag.closing {
                let close = format!("</{}", tag.name);
                let lower_rest = s[i..].to_ascii_lowercase();
                i = lower_rest.find(&close).map_or(s.len(), |j| i + j);
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
        if tag.name == "h1" {
            in_h1 = !tag.closing && skip_depth.is_empty();
        }
        if BLOCK.contains(&tag.name.as_str()) && skip_depth.is_empty() {
            flush(&mut line, &mut text);
        }
    }
    flush(&mut line, &mut text);
    page.text = text;
    let h1 = h1
        .map(|h| h.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|h| !h.is_empty());
    page.title = choose_title(page.title.take(), h1, page.site.as_deref());
    page
}

/// The `<title>` usually carries the site name; prefer the `<h1>` when the title starts with it.
fn choose_title(title: Option<String>, h1: Option<String>, site: Option<&str>) -> Option<String> {
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

fn read_head(markup: &str, page: &mut Page) {
    let mut i = 0;
    let mut title_text: Option<String> = None;
    while let Some(j) = markup[i..].find('<') {
        let at = i + j;
        let Some(tag) = parse_tag(markup, at) else {
            i = at + 1;
            continue;
        };
        i = tag.end;
        if tag.closing {
            continue;
        }
        match tag.name.as_str() {
            "title" if title_text.is_none() => {
                let end = markup[i..].find('<').map_or(markup.len(), |k| i + k);
                let mut t = String::new();
                decode_entities(markup[i..end].trim(), &mut t);
                title_text = Some(t.split_whitespace().collect::<Vec<_>>().join(" "));
            }
            "meta" => {
                let key = attr(tag.attrs, "property")
                    .or_else(|| attr(tag.attrs, "name"))
                    .or_else(|| attr(tag.attrs, "itemprop"))
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let Some(content) = attr(tag.attrs, "content") else {
                    continue;
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
                        title_text.get_or_insert(value);
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
            }
            _ => {}
        }
    }
    page.title = title_text.filter(|t| !t.is_empty());
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

    #[test]
    fn strips_site_name_from_title() {
        let page = extract("<title>Envoy recalled - The Moscow Times</title><meta property=\"og:site_name\" content=\"The Moscow Times\"><p>Body</p>");
        assert_eq!(page.title.as_deref(), Some("Envoy recalled"));
        assert_eq!(page.site.as_deref(), Some("The Moscow Times"));
    }
}
