//! The streaming document source: paths and stdin in, one [`Doc`] (or error) at a time out.

use crate::{decode, parse_jsonl_line, IngestError};
use model::{Date, Doc, Severity};
use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// One thing the user named on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Path(PathBuf),
    Stdin,
}

impl Input {
    /// `-` is standard input, anything else a path.
    pub fn parse(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }
}

#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// Documents (files, or JSONL lines) larger than this are refused, so one runaway file
    /// cannot exhaust memory.
    pub max_bytes: u64,
    /// The publication date for documents that carry none.
    pub default_date: Option<Date>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_bytes: 16 << 20,
            default_date: None,
        }
    }
}

enum Pending {
    Input(Input),
    /// A file found while walking a folder: unsupported types there are counted, not errors.
    Walked(PathBuf),
}

enum Kind {
    Text,
    Html,
    Jsonl,
}

fn kind_of(path: &Path) -> Option<Kind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "txt" => Some(Kind::Text),
        "html" | "htm" => Some(Kind::Html),
        "jsonl" => Some(Kind::Jsonl),
        _ => None,
    }
}

/// The id of a `.txt` or `.html` file: its name without the extension.
fn file_id(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

struct JsonlState {
    name: String,
    reader: Box<dyn BufRead>,
    line_no: usize,
}

/// An iterator over documents from many inputs, in the order given (folders sorted by name).
pub struct DocSource {
    queue: VecDeque<Pending>,
    jsonl: Option<JsonlState>,
    opts: ReadOptions,
    /// Files in folders that were passed over because attache does not read their type.
    pub skipped_files: Vec<PathBuf>,
    /// Bytes read so far, for progress and throughput figures.
    pub bytes_read: u64,
}

impl DocSource {
    pub fn new(inputs: Vec<Input>, opts: ReadOptions) -> DocSource {
        let inputs = if inputs.is_empty() {
            vec![Input::Stdin]
        } else {
            inputs
        };
        DocSource {
            queue: inputs.into_iter().map(Pending::Input).collect(),
            jsonl: None,
            opts,
            skipped_files: Vec::new(),
            bytes_read: 0,
        }
    }

    fn finish(&self, mut doc: Doc, notes: Vec<String>) -> Doc {
        if doc.meta.date.is_none() {
            doc.meta.date = self.opts.default_date;
        }
        for note in notes {
            doc.diagnose("ingest", Severity::Info, note);
        }
        doc
    }

    fn next_jsonl(&mut self) -> Option<Result<Doc, IngestError>> {
        let state = self.jsonl.as_mut()?;
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match state.reader.read_until(b'\n', &mut buf) {
                Ok(0) => {
                    self.jsonl = None;
                    return None;
                }
                Ok(n) => {
                    self.bytes_read += n as u64;
                    state.line_no += 1;
                }
                Err(source) => {
                    let path = PathBuf::from(&state.name);
                    self.jsonl = None;
                    return Some(Err(IngestError::Io { path, source }));
                }
            }
            let at = format!("{}:{}", state.name, state.line_no);
            if buf.len() as u64 > self.opts.max_bytes {
                return Some(Err(IngestError::TooLarge {
                    doc: at,
                    size: buf.len() as u64,
                    limit: self.opts.max_bytes,
                }));
            }
            let line = match std::str::from_utf8(&buf) {
                Ok(l) => l.trim(),
                Err(e) => {
                    return Some(Err(IngestError::InvalidUtf8 {
                        doc: at,
                        offset: e.valid_up_to(),
                    }))
                }
            };
            if line.is_empty() {
                continue;
            }
            let result = match parse_jsonl_line(line) {
                Ok((doc, notes)) => Ok(self.finish(doc, notes)),
                Err((id, reason)) => Err(IngestError::Record {
                    doc: match id {
                        Some(id) => format!("{at} (id {id})"),
                        None => at,
                    },
                    reason,
                }),
            };
            return Some(result);
        }
    }

    fn open_path(&mut self, path: PathBuf, walked: bool) -> Option<Result<Doc, IngestError>> {
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(source) => return Some(Err(IngestError::Io { path, source })),
        };
        if meta.is_dir() {
            return match sorted_entries(&path) {
                Ok(entries) => {
                    for entry in entries.into_iter().rev() {
                        self.queue.push_front(Pending::Walked(entry));
                    }
                    None
                }
                Err(source) => Some(Err(IngestError::Io { path, source })),
            };
        }
        let Some(kind) = kind_of(&path) else {
            if walked {
                self.skipped_files.push(path);
                return None;
            }
            return Some(Err(IngestError::Unsupported { path }));
        };
        if let Kind::Jsonl = kind {
            match File::open(&path) {
                Ok(f) => {
                    self.jsonl = Some(JsonlState {
                        name: path.display().to_string(),
                        reader: Box::new(BufReader::with_capacity(1 << 16, f)),
                        line_no: 0,
                    });
                    return None;
                }
                Err(source) => return Some(Err(IngestError::Io { path, source })),
            }
        }
        let id = file_id(&path);
        if meta.len() > self.opts.max_bytes {
            return Some(Err(IngestError::TooLarge {
                doc: path.display().to_string(),
                size: meta.len(),
                limit: self.opts.max_bytes,
            }));
        }
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(source) => return Some(Err(IngestError::Io { path, source })),
        };
        self.bytes_read += bytes.len() as u64;
        let shown = path.display().to_string();
        Some(decode(&shown, bytes).map(|text| {
            let doc = match kind {
                Kind::Html => Doc::from_html(id, text),
                _ => Doc::from_text(id, text),
            };
            self.finish(doc, Vec::new())
        }))
    }

    fn open_stdin(&mut self) -> Option<Result<Doc, IngestError>> {
        let mut reader = BufReader::new(std::io::stdin());
        // Sniff the first byte: JSON Lines stream record by record; anything else is one document.
        let first = match reader.fill_buf() {
            Ok(b) => b.iter().find(|c| !c.is_ascii_whitespace()).copied(),
            Err(source) => {
                return Some(Err(IngestError::Io {
                    path: "<stdin>".into(),
                    source,
                }))
            }
        };
        if first == Some(b'{') {
            self.jsonl = Some(JsonlState {
                name: "<stdin>".into(),
                reader: Box::new(reader),
                line_no: 0,
            });
            return None;
        }
        let mut bytes = Vec::new();
        let limit = self.opts.max_bytes;
        if let Err(source) = reader.by_ref().take(limit + 1).read_to_end(&mut bytes) {
            return Some(Err(IngestError::Io {
                path: "<stdin>".into(),
                source,
            }));
        }
        self.bytes_read += bytes.len() as u64;
        if bytes.len() as u64 > limit {
            return Some(Err(IngestError::TooLarge {
                doc: "<stdin>".into(),
                size: bytes.len() as u64,
                limit,
            }));
        }
        Some(decode("<stdin>", bytes).map(|text| {
            let doc = if first == Some(b'<') {
                Doc::from_html("stdin", text)
            } else {
                Doc::from_text("stdin", text)
            };
            self.finish(doc, Vec::new())
        }))
    }
}

fn sorted_entries(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if !hidden {
            entries.push(path);
        }
    }
    entries.sort();
    Ok(entries)
}

impl Iterator for DocSource {
    type Item = Result<Doc, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.jsonl.is_some() {
                if let Some(item) = self.next_jsonl() {
                    return Some(item);
                }
                continue;
            }
            let item = match self.queue.pop_front()? {
                Pending::Input(Input::Stdin) => self.open_stdin(),
                Pending::Input(Input::Path(p)) => self.open_path(p, false),
                Pending::Walked(p) => self.open_path(p, true),
            };
            if item.is_some() {
                return item;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scratch directory, removed when the test ends.
    struct TmpDir(PathBuf);

    impl std::ops::Deref for TmpDir {
        type Target = Path;
        fn deref(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for TmpDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn tmpdir(name: &str) -> TmpDir {
        let dir =
            std::env::temp_dir().join(format!("attache-ingest-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TmpDir(dir)
    }

    #[test]
    fn walks_folders_sorted_and_keeps_going_after_bad_documents() {
        let dir = tmpdir("walk");
        std::fs::create_dir(dir.join("sub")).unwrap();
        std::fs::write(dir.join("b.txt"), "Second document.").unwrap();
        std::fs::write(dir.join("a.txt"), "First document.").unwrap();
        std::fs::write(dir.join("sub/c.html"), "<p>Third.</p>").unwrap();
        std::fs::write(dir.join("empty.txt"), "  \n").unwrap();
        std::fs::write(dir.join("bin.txt"), b"ab\0cd").unwrap();
        std::fs::write(dir.join("latin1.txt"), b"caf\xe9").unwrap();
        std::fs::write(dir.join("notes.md"), "not a document type").unwrap();
        std::fs::write(
            dir.join("d.jsonl"),
            "{\"id\":\"j1\",\"text\":\"One.\"}\n{broken\n\n{\"id\":\"j2\",\"text\":\"Two.\"}\n",
        )
        .unwrap();
        let src = DocSource::new(vec![Input::Path(dir.to_path_buf())], ReadOptions::default());
        let results: Vec<_> = src.collect();
        let summary: Vec<String> = results
            .iter()
            .map(|r| match r {
                Ok(d) => format!("ok {}", d.id),
                Err(e) => format!("err {e}"),
            })
            .collect();
        let root = dir.display().to_string();
        assert_eq!(summary[0], "ok a");
        assert_eq!(summary[1], "ok b");
        assert_eq!(
            summary[2],
            format!("err {root}/bin.txt: binary data, not text (NUL byte at offset 2)")
        );
        assert_eq!(summary[3], "ok j1");
        assert!(summary[4].starts_with(&format!("err {root}/d.jsonl:2: malformed JSON")));
        assert_eq!(summary[5], "ok j2");
        assert_eq!(summary[6], format!("err {root}/empty.txt: empty document"));
        assert!(summary[7].contains("latin1.txt: not valid UTF-8 (first bad byte at offset 3)"));
        assert_eq!(summary[8], "ok c");
        assert_eq!(summary.len(), 9);
    }

    #[test]
    fn refuses_oversized_files_without_reading_them_and_names_unsupported_paths() {
        let dir = tmpdir("big");
        let big = dir.join("big.txt");
        std::fs::write(&big, "word ".repeat(300)).unwrap();
        std::fs::write(dir.join("x.pdf"), "%PDF").unwrap();
        let opts = ReadOptions {
            max_bytes: 1000,
            default_date: Date::ymd(2024, 3, 26),
        };
        let inputs = vec![
            Input::Path(big),
            Input::Path(dir.join("x.pdf")),
            Input::Path(dir.join("missing.txt")),
        ];
        let results: Vec<_> = DocSource::new(inputs, opts).collect();
        let errors: Vec<String> = results
            .iter()
            .map(|r| r.as_ref().unwrap_err().to_string())
            .collect();
        assert!(
            errors[0].contains("1500 bytes is over the limit of 1000"),
            "{}",
            errors[0]
        );
        assert!(errors[1].contains("unsupported file type"));
        assert!(errors[2].contains("missing.txt"));
    }

    #[test]
    fn default_date_fills_only_missing_dates() {
        let dir = tmpdir("date");
        std::fs::write(
            dir.join("d.jsonl"),
            "{\"id\":\"a\",\"text\":\"x\",\"date\":\"2021-04-21\"}\n{\"id\":\"b\",\"text\":\"y\"}\n",
        )
        .unwrap();
        let opts = ReadOptions {
            default_date: Date::ymd(2024, 3, 26),
            ..ReadOptions::default()
        };
        let docs: Vec<Doc> = DocSource::new(vec![Input::Path(dir.join("d.jsonl"))], opts)
            .map(Result::unwrap)
            .collect();
        assert_eq!(docs[0].meta.date.unwrap().to_string(), "2021-04-21");
        assert_eq!(docs[1].meta.date.unwrap().to_string(), "2024-03-26");
    }
}
