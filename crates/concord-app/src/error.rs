//! What can go wrong in a use case, in terms the web layer can turn into a
//! clear response.

use concord_domain::Invalid;
use concord_domain::access::Denied;
use concord_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Bad input: every problem, each naming its field.
    #[error(transparent)]
    Invalid(#[from] Invalid),
    #[error(transparent)]
    Denied(#[from] Denied),
    #[error("not found")]
    NotFound,
    /// The case access decision refused (already audited).
    #[error("{0}")]
    CaseRefused(concord_domain::case_access::Refusal),
    /// Her consent does not let the referral go: told to the sender with
    /// what the consent lacks (never the receiver's case refusal).
    #[error("the referral cannot be sent: {0}")]
    SendRefused(concord_domain::referral::SendRefusal),
    /// Who keeps a directory entry refused the change (already audited);
    /// `records` names the records of an HSDS file at fault.
    #[error("{}", .refusal.sentence())]
    DirectoryRefused {
        refusal: concord_domain::directory::ownership::Refusal,
        records: Vec<String>,
    },
    /// Someone else changed it first; reload and try again.
    #[error("this was changed by someone else at the same time; reload the page and try again")]
    Conflict,
    /// A step the referral state machine does not allow from where the
    /// referral stands, or not to this side (the page and the API word it
    /// from its parts).
    #[error("{0}")]
    ReferralStepRefused(concord_domain::referral::IllegalTransition),
    /// A step a state machine does not allow from where the object stands
    /// (or not to this side); `field` is `state` or `event`.
    #[error("{message}")]
    IllegalTransition {
        field: &'static str,
        message: String,
    },
    /// A step a rule does not allow where its record stands (the justice
    /// chain's order), with the problem as a localisable message; `text`
    /// is its English words for logs and tests.
    #[error("{text}")]
    OutOfOrder {
        field: &'static str,
        message: concord_domain::validation::Message,
        text: String,
    },
    /// No valid session or token.
    #[error("sign in required")]
    Unauthenticated,
    /// Wrong user name or password; deliberately says nothing more.
    #[error("the user name or password is not right")]
    BadCredentials,
    #[error("the code is not right or was already used")]
    BadSecondFactor,
    #[error("too many failed attempts; try again later")]
    Throttled,
    #[error("storage: {0}")]
    Store(StoreError),
    #[error("cryptography: {0}")]
    Crypto(#[from] concord_crypto::CryptoError),
    #[error("{0}")]
    Internal(String),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Duplicate { field } => {
                AppError::Invalid(Invalid::one(field, "is already in use"))
            }
            StoreError::MissingReference { field } => {
                AppError::Invalid(Invalid::one(field, "does not exist"))
            }
            StoreError::Conflict => AppError::Conflict,
            StoreError::InvalidCursor => {
                AppError::Invalid(Invalid::one("cursor", "is not a valid page cursor"))
            }
            other => AppError::Store(other),
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;
