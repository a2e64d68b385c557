//! The witness file: an append-only record, on another disk than the
//! database, of every tree head the instance signed. Before a checkpoint is
//! committed the witness checks it extends the last head it remembers (an
//! RFC 9162 consistency proof) and refuses it otherwise; `audit verify`
//! compares the database against every head it remembers. Someone holding
//! the database and the signing key can then no longer roll the log back or
//! rewrite it unnoticed, unless they can also rewrite this file.
//!
//! One line per head after a header line:
//! `<tree size> <base64 root> <signed at, unix microseconds> <base64 signature>`.

use base64::{Engine, engine::general_purpose::STANDARD};
use concord_crypto::consistency::verify_consistency;
use concord_crypto::merkle::Hash;
use std::io::Write;
use std::path::{Path, PathBuf};

const HEADER: &str = "concord audit witness v1";

/// A tree head the witness remembers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WitnessedHead {
    pub tree_size: i64,
    pub root: Hash,
    pub signed_at_micros: i64,
    pub signature: Vec<u8>,
}

#[derive(Debug, thiserror::Error)]
pub enum WitnessError {
    #[error("the audit witness file {} cannot be used: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the audit witness file {} is not a witness file (line {line}: {problem})", path.display())]
    Malformed {
        path: PathBuf,
        line: usize,
        problem: &'static str,
    },
    #[error(
        "the audit witness refuses tree size {offered}: it remembers tree size {remembered}, \
         but the database's latest checkpoint is tree size {previous} (checkpoints were \
         removed or rolled back, or the witness file belongs to another database)"
    )]
    NotTheRememberedHead {
        remembered: i64,
        previous: i64,
        offered: i64,
    },
    #[error(
        "the audit witness refuses tree size {offered}: it is not consistent with tree size \
         {remembered} that the witness remembers (the log was rewritten)"
    )]
    Inconsistent { remembered: i64, offered: i64 },
}

/// The append-only witness file at a path.
#[derive(Debug, Clone)]
pub struct WitnessFile {
    path: PathBuf,
}

impl WitnessFile {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every head remembered, oldest first. A missing file is an error:
    /// verifying against a witness that is not there proves nothing.
    pub fn heads(&self) -> Result<Vec<WitnessedHead>, WitnessError> {
        let text = std::fs::read_to_string(&self.path).map_err(|source| self.io(source))?;
        self.parse(&text)
    }

    /// Remembers `offered` if it extends the latest head remembered (by
    /// `proof` from `previous_size`, the database's latest checkpoint); an
    /// empty or missing file trusts its first head.
    pub fn cosign(
        &self,
        previous_size: i64,
        offered: &WitnessedHead,
        proof: &[Hash],
    ) -> Result<(), WitnessError> {
        let heads = match std::fs::read_to_string(&self.path) {
            Ok(text) => self.parse(&text)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(source) => return Err(self.io(source)),
        };
        if let Some(latest) = heads.last() {
            check_extends(latest, previous_size, offered, proof)?;
        }
        self.append(offered, heads.is_empty())
    }

    fn append(&self, head: &WitnessedHead, with_header: bool) -> Result<(), WitnessError> {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(|source| self.io(source))?;
        let mut line = String::new();
        if with_header && file.metadata().map(|m| m.len() == 0).unwrap_or(true) {
            line.push_str(HEADER);
            line.push('\n');
        }
        line.push_str(&format!(
            "{} {} {} {}\n",
            head.tree_size,
            STANDARD.encode(head.root),
            head.signed_at_micros,
            STANDARD.encode(&head.signature)
        ));
        file.write_all(line.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|source| self.io(source))
    }

    fn parse(&self, text: &str) -> Result<Vec<WitnessedHead>, WitnessError> {
        let mut lines = text.lines().enumerate();
        match lines.next() {
            None => return Ok(Vec::new()),
            Some((_, HEADER)) => {}
            Some(_) => return Err(self.malformed(1, "no header line")),
        }
        lines
            .map(|(i, line)| parse_head(line).ok_or_else(|| self.malformed(i + 1, "not a head")))
            .collect()
    }

    fn io(&self, source: std::io::Error) -> WitnessError {
        WitnessError::Io {
            path: self.path.clone(),
            source,
        }
    }

    fn malformed(&self, line: usize, problem: &'static str) -> WitnessError {
        WitnessError::Malformed {
            path: self.path.clone(),
            line,
            problem,
        }
    }
}

fn check_extends(
    latest: &WitnessedHead,
    previous_size: i64,
    offered: &WitnessedHead,
    proof: &[Hash],
) -> Result<(), WitnessError> {
    if latest.tree_size != previous_size {
        return Err(WitnessError::NotTheRememberedHead {
            remembered: latest.tree_size,
            previous: previous_size,
            offered: offered.tree_size,
        });
    }
    let consistent = verify_consistency(
        latest.tree_size as u64,
        offered.tree_size as u64,
        &latest.root,
        &offered.root,
        proof,
    );
    if !consistent || offered.tree_size <= latest.tree_size {
        return Err(WitnessError::Inconsistent {
            remembered: latest.tree_size,
            offered: offered.tree_size,
        });
    }
    Ok(())
}

fn parse_head(line: &str) -> Option<WitnessedHead> {
    let mut fields = line.split(' ');
    let tree_size = fields.next()?.parse().ok()?;
    let root = STANDARD.decode(fields.next()?).ok()?.try_into().ok()?;
    let signed_at_micros = fields.next()?.parse().ok()?;
    let signature = STANDARD.decode(fields.next()?).ok()?;
    fields.next().is_none().then_some(WitnessedHead {
        tree_size,
        root,
        signed_at_micros,
        signature,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use concord_crypto::consistency::consistency_proof;
    use concord_crypto::merkle::{leaf_hash, root_of};

    fn leaves(n: u64) -> Vec<Hash> {
        (0..n).map(|i| leaf_hash(&i.to_be_bytes())).collect()
    }

    fn head(all: &[Hash]) -> WitnessedHead {
        WitnessedHead {
            tree_size: all.len() as i64,
            root: root_of(all),
            signed_at_micros: 7,
            signature: vec![1, 2, 3],
        }
    }

    fn proof(all: &[Hash], old: u64) -> Vec<Hash> {
        let mut subtree = |s: u64, e: u64| Some(root_of(&all[s as usize..e as usize]));
        consistency_proof(old, all.len() as u64, &mut subtree).unwrap()
    }

    #[test]
    fn remembers_heads_that_extend_the_last_and_refuses_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let witness = WitnessFile::new(dir.path().join("witness"));
        assert!(
            witness.heads().is_err(),
            "a missing witness file is an error"
        );
        let all = leaves(9);
        witness.cosign(0, &head(&all[..3]), &[]).unwrap();
        witness
            .cosign(3, &head(&all[..5]), &proof(&all[..5], 3))
            .unwrap();
        assert_eq!(
            witness.heads().unwrap(),
            vec![head(&all[..3]), head(&all[..5])]
        );

        // The database offers a head after rolling back to size 3.
        let refused = witness.cosign(3, &head(&all[..9]), &proof(&all, 3));
        assert!(
            matches!(
                refused,
                Err(WitnessError::NotTheRememberedHead { remembered: 5, .. })
            ),
            "{refused:?}"
        );
        // A rewritten history from the remembered size.
        let mut forged = all.clone();
        forged[1] = leaf_hash(b"forged");
        let refused = witness.cosign(5, &head(&forged), &proof(&forged, 5));
        assert!(
            matches!(refused, Err(WitnessError::Inconsistent { .. })),
            "{refused:?}"
        );
        // Refusals append nothing.
        assert_eq!(witness.heads().unwrap().len(), 2);
        witness.cosign(5, &head(&all), &proof(&all, 5)).unwrap();
        assert_eq!(witness.heads().unwrap().len(), 3);
    }

    #[test]
    fn a_file_that_is_not_a_witness_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("witness");
        std::fs::write(&path, "something else\n").unwrap();
        assert!(matches!(
            WitnessFile::new(&path).heads(),
            Err(WitnessError::Malformed { line: 1, .. })
        ));
        std::fs::write(&path, format!("{HEADER}\n3 not-base64 1 AA==\n")).unwrap();
        assert!(matches!(
            WitnessFile::new(&path).heads(),
            Err(WitnessError::Malformed { line: 2, .. })
        ));
    }
}
