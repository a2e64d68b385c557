//! Documents attached to instrument versions: PDF, Word (DOCX),
//! OpenDocument text (ODT) or plain text, at most [`MAX_DOCUMENT_BYTES`].
//! The kind is decided by the file's own bytes (its magic numbers), never
//! by the name or the type the sender declared; a declared type that
//! disagrees with the bytes is refused.

use crate::validation::Invalid;

pub const MAX_DOCUMENT_BYTES: usize = 8 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    Pdf,
    Docx,
    Odt,
    PlainText,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 4] = [
        DocumentKind::Pdf,
        DocumentKind::Docx,
        DocumentKind::Odt,
        DocumentKind::PlainText,
    ];

    pub fn content_type(self) -> &'static str {
        match self {
            DocumentKind::Pdf => "application/pdf",
            DocumentKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            DocumentKind::Odt => "application/vnd.oasis.opendocument.text",
            DocumentKind::PlainText => "text/plain; charset=utf-8",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            DocumentKind::Pdf => "pdf",
            DocumentKind::Docx => "docx",
            DocumentKind::Odt => "odt",
            DocumentKind::PlainText => "txt",
        }
    }

    pub fn from_content_type(text: &str) -> Option<Self> {
        let essence = text.split(';').next().unwrap_or("").trim();
        Self::ALL
            .into_iter()
            .find(|k| k.content_type().split(';').next() == Some(essence))
    }
}

/// What the bytes are, if they are one of the kinds accepted.
pub fn sniff(bytes: &[u8]) -> Option<DocumentKind> {
    if bytes.starts_with(b"%PDF-") {
        return Some(DocumentKind::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        // An ODF package starts with an uncompressed `mimetype` entry whose
        // content is the media type (at offset 30 + name length 8).
        if bytes.get(30..38) == Some(b"mimetype")
            && bytes
                .get(38..)
                .is_some_and(|rest| rest.starts_with(b"application/vnd.oasis.opendocument.text"))
        {
            return Some(DocumentKind::Odt);
        }
        // A Word package names its `word/` part in a local file header.
        if contains(bytes, b"word/") && contains(bytes, b"[Content_Types].xml") {
            return Some(DocumentKind::Docx);
        }
        return None;
    }
    match std::str::from_utf8(bytes) {
        Ok(text)
            if !text.is_empty()
                && !text
                    .chars()
                    .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')) =>
        {
            Some(DocumentKind::PlainText)
        }
        _ => None,
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A checked upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedDocument {
    pub kind: DocumentKind,
    /// Safe to put in a `Content-Disposition` header.
    pub file_name: String,
}

/// Checks an upload (field `document`): not empty, within the size limit,
/// one of the accepted kinds by its bytes, and a declared type (if any
/// other than the generic `application/octet-stream`) that agrees.
pub fn check_document(
    file_name: &str,
    declared_type: &str,
    bytes: &[u8],
) -> Result<CheckedDocument, Invalid> {
    if bytes.is_empty() {
        return Err(Invalid::one("document", "choose a file to attach"));
    }
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(Invalid::one(
            "document",
            format!("must be at most {} MB", MAX_DOCUMENT_BYTES / (1024 * 1024)),
        ));
    }
    let Some(kind) = sniff(bytes) else {
        return Err(Invalid::one(
            "document",
            "must be a PDF, Word (DOCX), OpenDocument text (ODT) or plain text file",
        ));
    };
    let declared = declared_type.split(';').next().unwrap_or("").trim();
    if !declared.is_empty()
        && declared != "application/octet-stream"
        && DocumentKind::from_content_type(declared) != Some(kind)
    {
        return Err(Invalid::one(
            "document",
            "the file's content does not match its declared type",
        ));
    }
    Ok(CheckedDocument {
        kind,
        file_name: safe_file_name(file_name, kind),
    })
}

/// Letters, digits, `-`, `_` and `.` only (others become `_`), at most 100
/// characters, ending in the kind's extension.
pub fn safe_file_name(name: &str, kind: DocumentKind) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let stem = base.rsplit_once('.').map(|(stem, _)| stem).unwrap_or(base);
    let mut clean: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(90)
        .collect();
    if clean.trim_matches('_').is_empty() {
        clean = "document".into();
    }
    format!("{clean}.{}", kind.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn odt() -> Vec<u8> {
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.resize(30, 0);
        bytes.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.text");
        bytes
    }

    fn docx() -> Vec<u8> {
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.resize(30, 0);
        bytes.extend_from_slice(b"[Content_Types].xml....word/document.xml");
        bytes
    }

    #[test]
    fn kinds_come_from_the_bytes() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some(DocumentKind::Pdf));
        assert_eq!(sniff(&odt()), Some(DocumentKind::Odt));
        assert_eq!(sniff(&docx()), Some(DocumentKind::Docx));
        assert_eq!(
            sniff("Terms of reference\n".as_bytes()),
            Some(DocumentKind::PlainText)
        );
        assert_eq!(sniff(b"MZ\x90\x00\x03"), None, "an executable");
        assert_eq!(sniff(b"PK\x03\x04zip of something else"), None);
        assert_eq!(sniff(b"<html>\x00</html>"), None);
    }

    #[test]
    fn declared_types_must_agree_with_the_bytes() {
        let ok = check_document("MoU v2.pdf", "application/pdf", b"%PDF-1.4").unwrap();
        assert_eq!(ok.kind, DocumentKind::Pdf);
        assert_eq!(ok.file_name, "MoU_v2.pdf");
        assert!(check_document("x.pdf", "application/octet-stream", b"%PDF-1.4").is_ok());
        assert!(check_document("x.pdf", "", b"%PDF-1.4").is_ok());
        let lie = check_document("x.pdf", "application/pdf", b"just text").unwrap_err();
        assert_eq!(
            lie.problem_for("document"),
            Some("the file's content does not match its declared type")
        );
        assert!(check_document("x.exe", "application/pdf", b"MZ\x90\x00").is_err());
        assert!(check_document("x.txt", "text/plain", b"").is_err());
        let big = vec![b'a'; MAX_DOCUMENT_BYTES + 1];
        assert_eq!(
            check_document("x.txt", "text/plain", &big)
                .unwrap_err()
                .problem_for("document"),
            Some("must be at most 8 MB")
        );
    }

    #[test]
    fn file_names_are_made_safe() {
        assert_eq!(
            safe_file_name("../../etc/pass\"wd.pdf", DocumentKind::Pdf),
            "pass_wd.pdf"
        );
        assert_eq!(safe_file_name("", DocumentKind::PlainText), "document.txt");
        assert_eq!(
            safe_file_name("Protocole d'accord.odt", DocumentKind::Odt),
            "Protocole_d_accord.odt"
        );
    }
}
