//! The command line. Every flag can also be set by its `CONCORD_*`
//! environment variable (shown by `--help`).

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "concord",
    version,
    about = "Concord: the coordinated response to violence against women and girls"
)]
pub struct Cli {
    #[command(flatten)]
    pub storage: StorageArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Clone)]
pub struct StorageArgs {
    /// Database: a SQLite file path or `sqlite://` URL, or a
    /// `postgres://` URL. Default: <data-dir>/concord.db.
    #[arg(long, global = true, env = "CONCORD_DATABASE", hide_env_values = true)]
    pub database: Option<String>,
    /// Folder for the SQLite database and the key files (created with
    /// mode 0700 if missing).
    #[arg(
        long,
        global = true,
        env = "CONCORD_DATA_DIR",
        default_value = "./concord-data"
    )]
    pub data_dir: PathBuf,
    /// Master key (base64, 32 bytes) instead of <data-dir>/master.key.
    /// Every instance sharing a database needs the same key.
    #[arg(
        long,
        global = true,
        env = "CONCORD_MASTER_KEY",
        hide_env_values = true
    )]
    pub master_key: Option<String>,
    /// Audit signing key (base64 Ed25519 seed) instead of
    /// <data-dir>/audit-signing.key.
    #[arg(
        long,
        global = true,
        env = "CONCORD_AUDIT_SIGNING_KEY",
        hide_env_values = true
    )]
    pub audit_signing_key: Option<String>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Serve Concord over HTTP.
    Serve(ServeArgs),
    /// Seed the demo district (once) and serve it, with demo accounts
    /// allowed to skip the second factor.
    Demo {
        #[command(flatten)]
        serve: ServeArgs,
        /// Seed and exit without serving.
        #[arg(long, env = "CONCORD_DEMO_SEED_ONLY")]
        seed_only: bool,
        #[command(flatten)]
        national: NationalArgs,
    },
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Manage accounts from the command line.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Check or seal the audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Risk identification: load instrument versions.
    #[command(subcommand)]
    Risk(RiskCommand),
    /// Published statistics: check a downloaded release file.
    #[command(subcommand)]
    Statistics(StatisticsCommand),
    /// Import or export the service directory as Open Referral HSDS 3.0
    /// JSON.
    #[command(subcommand)]
    Directory(crate::directory::DirectoryCommand),
    /// Back up a SQLite database while it is in use: seal the audit log,
    /// copy one consistent snapshot into FILE (which must not exist) and
    /// verify the copy. (PostgreSQL: pg_dump, see the README.)
    Backup {
        file: PathBuf,
        /// The witness file the sealing before the copy must extend.
        #[arg(long, env = "CONCORD_AUDIT_WITNESS_FILE")]
        audit_witness_file: Option<PathBuf>,
    },
    /// Put a SQLite backup in place of the database (which must not
    /// exist), after checking its audit log verifies.
    Restore {
        file: PathBuf,
        /// The audit public key the backup must verify with.
        #[arg(long, env = "CONCORD_AUDIT_PUBLIC_KEY")]
        audit_public_key: Option<String>,
    },
    /// Copy everything from one database into an empty one (either
    /// engine to either) and check the copy.
    CopyDb {
        #[arg(long, env = "CONCORD_COPY_FROM", hide_env_values = true)]
        from: String,
        #[arg(long, env = "CONCORD_COPY_TO", hide_env_values = true)]
        to: String,
    },
}

/// How big the demo is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DemoScale {
    /// The demo district alone (about 200 survivors).
    District,
    /// The demo district plus a national country: 4 regions, 20
    /// districts, 60 localities, 1,000 agencies and `--cases` survivors.
    National,
}

#[derive(Args, Clone)]
pub struct NationalArgs {
    /// The demo's size.
    #[arg(
        long,
        env = "CONCORD_DEMO_SCALE",
        value_enum,
        default_value = "district"
    )]
    pub scale: DemoScale,
    /// Survivors with their cases in the national country (10000 to
    /// 1000000; with `--scale national`).
    #[arg(long, env = "CONCORD_DEMO_CASES", default_value_t = 10_000,
          value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub cases: u64,
    /// For `bench/`: sign the bench accounts in and write their API tokens
    /// and session tokens to this file (created with mode 0600).
    #[arg(long, hide = true)]
    pub bench_sign_in: Option<std::path::PathBuf>,
}

#[derive(Args, Clone)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "CONCORD_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Served over HTTPS (directly or behind a TLS proxy): secure cookies
    /// and HSTS.
    #[arg(long, env = "CONCORD_HTTPS")]
    pub https: bool,
    /// Behind a proxy: take the client address from X-Forwarded-For.
    #[arg(long, env = "CONCORD_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: bool,
    /// Minutes without activity before a session ends.
    #[arg(long, env = "CONCORD_SESSION_IDLE_MINUTES", default_value_t = 30)]
    pub session_idle_minutes: i64,
    /// Hours after sign-in when a session ends, however active.
    #[arg(long, env = "CONCORD_SESSION_ABSOLUTE_HOURS", default_value_t = 12)]
    pub session_absolute_hours: i64,
    /// Seconds between audit checkpoints: the window in which an event is
    /// not yet sealed. A busy instance still writes one checkpoint per
    /// interval (more only for a backlog of 2,000 events or more).
    #[arg(long, env = "CONCORD_AUDIT_SEAL_SECONDS", default_value_t = 2)]
    pub audit_seal_seconds: u64,
    /// An append-only file, on another disk than the database, that
    /// remembers every audit tree head and refuses one that does not extend
    /// the last (a rollback or a rewritten log).
    #[arg(long, env = "CONCORD_AUDIT_WITNESS_FILE")]
    pub audit_witness_file: Option<PathBuf>,
    /// A network witness every checkpoint is posted to, as URL=KEY (the key
    /// `concord audit witness` prints); repeat for several (the variable
    /// takes them comma-separated). An unreachable or refusing witness is
    /// an alarm on /healthz; recording and sealing go on.
    #[arg(long, env = "CONCORD_AUDIT_WITNESSES", value_delimiter = ',')]
    pub audit_witness: Vec<String>,
    /// Requests one client address may make per minute on average (0: no
    /// limit). Answered 429 with Retry-After beyond it. Generous by default:
    /// a whole office may share one address.
    #[arg(long, env = "CONCORD_RATE_LIMIT_PER_MINUTE", default_value_t = 3000)]
    pub rate_limit_per_minute: u32,
    /// Requests one client address may make at once before the per-minute
    /// rate applies.
    #[arg(long, env = "CONCORD_RATE_LIMIT_BURST", default_value_t = 300)]
    pub rate_limit_burst: u32,
    /// A TOML file of consent rules: age bands (who may consent for a
    /// child of each age, who instead when the caregiver is unsafe, whether
    /// her assent is needed) and the longest validity of a consent, in
    /// days. Without it the defaults described in the README apply.
    #[arg(long, env = "CONCORD_CONSENT_RULES")]
    pub consent_rules: Option<std::path::PathBuf>,
    /// A TOML file listing the offence categories a crime is recorded in,
    /// each with its key, ICCS code and name (`config/justice-offences.example.toml`).
    /// Without it the built-in list described in the README applies.
    #[arg(long, env = "CONCORD_JUSTICE_OFFENCES")]
    pub justice_offences: Option<std::path::PathBuf>,
    /// A TOML file listing the kinds of protection order recorded, each with
    /// its key and name (`[[kinds]] key = "…" name = "…"`). Without it the
    /// built-in list described in the README applies.
    #[arg(long, env = "CONCORD_PROTECTION_ORDER_KINDS")]
    pub protection_order_kinds: Option<std::path::PathBuf>,
    /// Published tables (the risk conference dataset CSV) hide counts of
    /// people below this number, and whatever would reveal them (5 at least).
    #[arg(long, env = "CONCORD_SMALL_CELL_THRESHOLD", default_value_t = 10)]
    pub small_cell_threshold: u32,
    /// Also list published statistics releases on a public page without
    /// sign-in (/public/statistics); off: that page answers 404.
    #[arg(long, env = "CONCORD_PUBLIC_STATISTICS")]
    pub public_statistics: bool,
    /// The deployment's time zone (an IANA name such as Africa/Nairobi):
    /// "today", dates on forms, working hours and the end of a day are its.
    #[arg(long, env = "CONCORD_TIME_ZONE", default_value = "UTC")]
    pub time_zone: String,
    /// The language of a reader who has chosen none and whose browser asks
    /// for none Concord speaks: ar, en-US, es, fr, ru or zh-CN.
    #[arg(long, env = "CONCORD_DEFAULT_LANGUAGE", default_value = "en-US")]
    pub default_language: String,
    #[command(flatten)]
    pub referrals: crate::referral_args::ReferralArgs,
}

#[derive(Subcommand)]
pub enum AdminCommand {
    /// Create an agency (for a fresh installation's first agency; later
    /// ones are easier in the web interface).
    CreateAgency {
        #[arg(long)]
        name: String,
        /// police, prosecution, judiciary, health, social_services,
        /// shelter_womens_ngo, legal_aid, housing, education,
        /// child_protection, probation, defence, finance, foreign_affairs,
        /// agriculture, labour or other.
        #[arg(long)]
        sector: String,
        /// government or non_government.
        #[arg(long, default_value = "government")]
        governance: String,
    },
    /// Create an account. The password is read from standard input (one
    /// line) or from CONCORD_NEW_PASSWORD.
    CreateUser {
        #[arg(long)]
        username: String,
        #[arg(long)]
        display_name: String,
        /// Agency name or id.
        #[arg(long)]
        agency: String,
        /// Role, repeatable: system_administrator, agency_administrator,
        /// caseworker, supervisor, risk_conference_coordinator,
        /// coordination_secretariat, analyst.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
    },
    /// Set a new password (standard input or CONCORD_NEW_PASSWORD); all
    /// the account's sessions end.
    ResetPassword {
        #[arg(long)]
        username: String,
    },
    /// Disable an account: its sessions and API tokens end at once.
    DisableUser {
        #[arg(long)]
        username: String,
    },
    /// Replace the master key (stop every instance sharing the database
    /// first).
    ///
    /// Generates a new key, writes it to <data-dir>/master.key.new
    /// (mode 0600), re-seals every data key and second-factor secret with
    /// it in one transaction, then, if the current key came from
    /// <data-dir>/master.key, keeps that file as
    /// master.key.retired-<UTC time> (it opens backups made before now) and
    /// moves the new key to master.key. If the current key came from
    /// CONCORD_MASTER_KEY or --master-key, master.key.new stays for you to
    /// copy into CONCORD_MASTER_KEY of every instance and then delete.
    /// Restart every instance afterwards. Uses the global --database,
    /// --data-dir and --master-key (CONCORD_DATABASE, CONCORD_DATA_DIR,
    /// CONCORD_MASTER_KEY).
    RotateMasterKey,
}

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Recompute the audit log from the raw rows and check every signed
    /// checkpoint with the public key alone (and every head the witness
    /// file remembers); exits 1 naming the first bad position, 2 when it
    /// cannot verify (no key, no database, no witness file). Creates
    /// nothing.
    Verify {
        /// The audit public key, as printed by `concord audit public-key`
        /// (or the bare base64 key).
        #[arg(long, env = "CONCORD_AUDIT_PUBLIC_KEY")]
        audit_public_key: Option<String>,
        /// The witness file to check the log against (see `serve
        /// --audit-witness-file`).
        #[arg(long, env = "CONCORD_AUDIT_WITNESS_FILE")]
        audit_witness_file: Option<PathBuf>,
        /// A network witness, URL=KEY: its latest cosigned head is fetched
        /// and checked against the database, and its stored cosignatures
        /// with its key. KEY alone checks the stored cosignatures only.
        #[arg(long, env = "CONCORD_AUDIT_WITNESSES", value_delimiter = ',')]
        audit_witness: Vec<String>,
    },
    /// Run a network witness (c2sp.org/tlog-witness) for other
    /// organisations' Concord logs: it cosigns each checkpoint that extends
    /// the last one it cosigned and refuses the rest. Prints its key.
    Witness {
        /// The witness's name, e.g. oversight.example/concord-witness.
        #[arg(long, env = "CONCORD_WITNESS_NAME")]
        name: String,
        /// Address to listen on.
        #[arg(long, env = "CONCORD_WITNESS_LISTEN", default_value = "127.0.0.1:8710")]
        listen: SocketAddr,
        /// The witness's own signing key (created, readable by its owner
        /// only, when missing).
        #[arg(long, env = "CONCORD_WITNESS_KEY_FILE")]
        key_file: PathBuf,
        /// Where it remembers the latest head it cosigned per log.
        #[arg(long, env = "CONCORD_WITNESS_MEMORY")]
        memory: PathBuf,
        /// A log it follows: the key `concord audit public-key` prints
        /// there; repeat for several.
        #[arg(long = "log", env = "CONCORD_WITNESS_LOGS", value_delimiter = ',')]
        logs: Vec<String>,
    },
    /// Print the audit public key (a C2SP verifier key) for `audit verify`,
    /// from the signing key; never creates a key.
    PublicKey,
    /// Print the latest checkpoint as a C2SP signed note.
    Checkpoint,
    /// Seal waiting audit events into a new signed checkpoint now.
    Seal {
        /// The witness file the new checkpoints must extend.
        #[arg(long, env = "CONCORD_AUDIT_WITNESS_FILE")]
        audit_witness_file: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
pub enum RiskCommand {
    /// Load a new version of a risk instrument from a TOML or JSON file
    /// (its items, answers, weights, bands and triggers). A malformed file
    /// is refused with every problem listed, one per line.
    LoadInstrument {
        /// The instrument file.
        file: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
pub enum StatisticsCommand {
    /// Check a downloaded release file (the canonical JSON, or a CSV of the
    /// release or of one table) against the published release and the hash
    /// its audit event recorded. Fails when a single byte differs.
    Verify {
        /// The downloaded file.
        file: PathBuf,
    },
}
