//! Reads documents from files, folders, JSON Lines and standard input, one at a time.
//!
//! Input is streamed: folders are walked lazily in sorted order and JSONL files are read line by
//! line, so memory stays flat however many documents come in. Every document that cannot be read
//! becomes an [`IngestError`] naming it and the reason, and reading goes on with the next one.

mod record;
mod source;

pub use record::{parse_jsonl_line, RecordError};
pub use source::{DocSource, Input, ReadOptions};

use std::path::PathBuf;

/// Why one document (or one whole input) could not be read.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The path could not be opened or read.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The document has no text at all (or only whitespace).
    #[error("{doc}: empty document")]
    Empty { doc: String },
    /// The bytes look like a binary file, not text.
    #[error("{doc}: binary data, not text (NUL byte at offset {offset})")]
    Binary { doc: String, offset: usize },
    /// The bytes are UTF-16 (they start with its byte-order mark).
    #[error("{doc}: UTF-16 text; convert it to UTF-8 first")]
    Utf16 { doc: String },
    /// The bytes are not valid UTF-8.
    #[error(
        "{doc}: not valid UTF-8 (first bad byte at offset {offset}); convert it to UTF-8 first"
    )]
    InvalidUtf8 { doc: String, offset: usize },
    /// The document is larger than the configured limit.
    #[error(
        "{doc}: {size} bytes is over the limit of {limit} bytes per document (see --max-bytes)"
    )]
    TooLarge { doc: String, size: u64, limit: u64 },
    /// A JSON Lines record could not be used.
    #[error("{doc}: {reason}")]
    Record { doc: String, reason: RecordError },
    /// The file's extension is not one attache reads.
    #[error("{path}: unsupported file type (expected .txt, .html, .htm or .jsonl)")]
    Unsupported { path: PathBuf },
}

impl IngestError {
    /// The name of the document or input the error is about, as shown to the user.
    pub fn doc(&self) -> String {
        match self {
            IngestError::Io { path, .. } | IngestError::Unsupported { path } => {
                path.display().to_string()
            }
            IngestError::Empty { doc }
            | IngestError::Binary { doc, .. }
            | IngestError::Utf16 { doc }
            | IngestError::InvalidUtf8 { doc, .. }
            | IngestError::TooLarge { doc, .. }
            | IngestError::Record { doc, .. } => doc.clone(),
        }
    }
}

/// Checks raw bytes and turns them into text, or says why they are not a document.
pub fn decode(doc: &str, bytes: Vec<u8>) -> Result<String, IngestError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(IngestError::Utf16 {
            doc: doc.to_string(),
        });
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(IngestError::Binary {
            doc: doc.to_string(),
            offset,
        });
    }
    let text = String::from_utf8(bytes).map_err(|e| IngestError::InvalidUtf8 {
        doc: doc.to_string(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    if text.trim().is_empty() {
        return Err(IngestError::Empty {
            doc: doc.to_string(),
        });
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_utf16_instead_of_calling_it_binary() {
        let bytes: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Hi".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(
            decode("a.txt", bytes).unwrap_err().to_string(),
            "a.txt: UTF-16 text; convert it to UTF-8 first"
        );
        assert_eq!(
            decode("b.txt", "\u{feff}Hi".as_bytes().to_vec()).unwrap(),
            "\u{feff}Hi"
        );
    }
}
