//! The command line's arguments: definitions only.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "dtks",
    version,
    about = "Register DTKS untuk pekerja sosial Dinas Sosial / the DTKS register for Dinas Sosial case work",
    long_about = None
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Args, Debug, Clone)]
pub struct Global {
    /// Database directory (default: the user's data directory)
    #[arg(long, env = "DTKS_DB", global = true)]
    pub db: Option<PathBuf>,
    /// Language of messages: id (Indonesian) or en (English)
    #[arg(long, value_enum, default_value = "id", global = true)]
    pub lang: LangArg,
    /// Name recorded as the acting user in the audit log (default: the OS user)
    #[arg(long, env = "DTKS_USER", global = true)]
    pub user: Option<String>,
    /// Keymap: default, vim, or a path to a TOML file
    #[arg(long, global = true)]
    pub keymap: Option<String>,
    /// Take this date (YYYY-MM-DD) as today: reproducible reports and scripts
    #[arg(long, env = "DTKS_TODAY", global = true)]
    pub today: Option<chrono::NaiveDate>,
    /// Minutes without a key after which a screen locks (0: never)
    #[arg(long, env = "DTKS_IDLE_LOCK", global = true, default_value_t = 10)]
    pub idle_lock: u64,
    /// Stop the clock at this moment (YYYY-MM-DD HH:MM): audit and save
    /// times too. For tests and reproducible recordings, not daily use.
    #[arg(long, env = "DTKS_NOW", global = true, hide = true, value_parser = parse_clock)]
    pub now: Option<crate::service::Clock>,
    /// File holding the passphrase of an encrypted register (readable by
    /// its owner only); without it the passphrase is asked, or read from
    /// DTKS_PASSPHRASE
    #[arg(long, env = "DTKS_KEY_FILE", global = true)]
    pub key_file: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct LookupArgs {
    pub query: String,
    /// Persons shown at most, best matches first (default 50)
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..), conflicts_with = "all")]
    pub limit: Option<u32>,
    /// Show every person found
    #[arg(long)]
    pub all: bool,
    /// Only households in this kelurahan (a code such as 31.75.03.1001, or its name)
    #[arg(long)]
    pub kelurahan: Option<String>,
    /// Only persons born in this year, month or on this day (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long)]
    pub lahir: Option<crate::domain::search::Born>,
    #[arg(long)]
    pub json: bool,
}

fn parse_clock(text: &str) -> Result<crate::service::Clock, String> {
    crate::service::Clock::parse_fixed(text).ok_or_else(|| format!("'{text}': expected YYYY-MM-DD HH:MM"))
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum LangArg {
    Id,
    En,
}

/// What `dtks export` writes.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// The register's five tables (re-importable)
    Register,
    /// Proposals (usulan) in SIKS-NG's upload template
    SiksNgUsulan,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Open the terminal interface (also the default with no subcommand)
    Tui,
    /// Load sample-data/ into a fresh database and open the TUI
    Demo,
    /// Import CSV files or .xlsx workbooks (a directory imports all its files)
    Import {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Restore NIKs and No. KKs a spreadsheet rounded to 15 digits, from the register, where the row's name and birth date prove whose they are; every restored value is listed
        #[arg(long)]
        restore_rounded: bool,
        /// Show, without importing, the office layout recognised, each column's field and code scheme, and the first rows as they would be stored
        #[arg(long)]
        explain: bool,
        /// The desa/kelurahan of an OpenSID file, which carries no region code (e.g. 31.71.01.1001)
        #[arg(long, value_name = "CODE")]
        kelurahan: Option<String>,
    },
    /// Export the register in the import format
    Export {
        /// Output directory (with --format siks-ng-usulan: the .csv file, or a directory to write usulan-siks-ng.csv in)
        #[arg(long, default_value = "dtks-export")]
        out: PathBuf,
        /// Also write one .xlsx workbook
        #[arg(long)]
        xlsx: bool,
        /// What to write: the register's tables, or the proposals in SIKS-NG's upload template
        #[arg(long, value_enum, default_value_t = ExportFormat::Register)]
        format: ExportFormat,
    },
    /// Find a person or household by NIK, No. KK or name
    Lookup(LookupArgs),
    /// NIKs found in two KKs, and probable duplicate persons
    Duplicates {
        #[arg(long)]
        json: bool,
    },
    /// Counts per kelurahan, programme and status
    Stats {
        #[arg(long)]
        json: bool,
    },
    /// Generate deterministic synthetic data (never real people)
    Sample {
        #[arg(long, default_value_t = 1500)]
        households: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, default_value = "sample-out")]
        out: PathBuf,
        /// Limit to these kelurahan codes (e.g. 31.75.03.1005); default all of DKI Jakarta
        #[arg(long, value_delimiter = ',')]
        kelurahan: Vec<String>,
        /// The date the data describes (ages, statuses); fixed so that output is reproducible
        #[arg(long, default_value = "2026-11-01")]
        as_of: chrono::NaiveDate,
    },
    /// Verify that every index agrees with the records
    Check,
    /// Write a backup of the whole database and its attachments to one file
    Backup {
        /// The backup file (replaced only once the new backup is whole)
        #[arg(long)]
        out: PathBuf,
    },
    /// Restore a backup into a new database (--db: a new or empty directory)
    Restore {
        /// The backup file, as written by dtks backup
        file: PathBuf,
    },
    /// Usulan (proposals to enter DTKS or receive assistance)
    Usulan {
        #[command(subcommand)]
        command: UsulanCommand,
    },
    /// Musyawarah kelurahan: sessions, cadence, Berita Acara
    Muskel {
        #[command(subcommand)]
        command: MuskelCommand,
    },
    /// Home-visit verification (verval): queues, visits, the period's upload file
    Verval {
        #[command(subcommand)]
        command: VervalCommand,
    },
    /// Tahap disbursement: plans, frozen lists, bank file, results, reconciliation
    Tahap {
        #[command(subcommand)]
        command: TahapCommand,
    },
    /// Burekol accounts (the bank's collective accounts of recipients)
    Burekol {
        #[command(subcommand)]
        command: BurekolCommand,
    },
    /// Deactivation proposals (penonaktifan): the queue and one proposal with its history
    Nonaktif {
        #[command(subcommand)]
        command: NonaktifCommand,
    },
    /// Monitoring (monev) results from Dukcapil and Bappeda
    Monev {
        #[command(subcommand)]
        command: MonevCommand,
    },
    /// Measure the performance budgets on a generated database
    Bench(BenchArgs),
    /// Check a keymap file and report every error
    Keymap {
        #[command(subcommand)]
        command: KeymapCommand,
    },
    /// Print shell completions
    Completions { shell: clap_complete::Shell },
    /// Write the man page (roff) to standard output
    Man,
    /// Layak belum terdaftar: persons eligible today for a programme but not enrolled in it
    Layak {
        #[command(subcommand)]
        command: LayakCommand,
    },
    /// Make the register (when missing) and you its first operator; no other account exists until you add one
    Init {
        /// Your OpenSSH public key (.pub), to log in to dtks serve
        #[arg(long)]
        key: Option<PathBuf>,
        /// Make the new register encrypted: without its passphrase (asked
        /// twice, or --key-file, or DTKS_PASSPHRASE) a copy of it shows no name, NIK or address
        #[arg(long)]
        encrypt: bool,
    },
    /// Encrypt a plain register in place, with a new passphrase (asked twice, or --key-file, or DTKS_PASSPHRASE)
    Encrypt,
    /// Change the passphrase of an encrypted register (the new one asked twice, or --new-key-file, or DTKS_NEW_PASSPHRASE)
    Rekey {
        /// File holding the new passphrase (readable by its owner only)
        #[arg(long, env = "DTKS_NEW_KEY_FILE")]
        new_key_file: Option<PathBuf>,
    },
    /// Users of the register: roles, working areas and SSH public keys
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// The audit log: who saw or changed whom, and whether the log is whole
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Serve the register over SSH until stopped (SIGTERM, SIGINT): the screens, and the read commands as `ssh HOST lookup NIK`
    Serve {
        /// Address and port to listen on; binding other than loopback is the operator's choice
        #[arg(long, default_value = "127.0.0.1:2222")]
        listen: std::net::SocketAddr,
    },
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Check every event of the chained log; exit 1 naming each event changed, removed or put in
    Verify {
        /// A checkpoint file from `dtks audit checkpoint`, to find a removed tail
        #[arg(long)]
        checkpoint: Option<PathBuf>,
    },
    /// Write the log's last event number and hash to FILE, to keep away from this machine
    Checkpoint {
        #[arg(long)]
        out: PathBuf,
    },
    /// Who saw or changed a person, what a user did, or what happened since a date
    #[command(group(clap::ArgGroup::new("which").required(true).args(["nik", "user", "since"])))]
    Show {
        /// A NIK or No. KK: the views and changes of that person or household
        #[arg(long)]
        nik: Option<String>,
        /// A user name: their events (you are then DTKS_USER or your OS account)
        #[arg(long)]
        user: Option<String>,
        /// A date (YYYY-MM-DD): every event from that day on
        #[arg(long)]
        since: Option<chrono::NaiveDate>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Add a user with a role and working area, and a first public key (an OpenSSH .pub file)
    Add {
        name: String,
        #[arg(long)]
        key: Option<PathBuf>,
        /// operator, supervisor, petugas or viewer
        #[arg(long, default_value = "petugas")]
        role: String,
        /// Dotted region codes, comma-separated (31.75.03.1001,31.75.04), or all
        #[arg(long)]
        area: Option<String>,
    },
    /// Change a user's role or working area
    Set {
        name: String,
        #[arg(long)]
        role: Option<String>,
        #[arg(long)]
        area: Option<String>,
    },
    /// Add or remove one of a user's public keys
    Key {
        #[command(subcommand)]
        command: UserKeyCommand,
    },
    /// Every user with their keys' fingerprints (exit 1 when none)
    List {
        #[arg(long)]
        json: bool,
    },
    /// Stop a user from logging in (the record stays, for the audit log)
    Disable { name: String },
    /// Set the password that unlocks an idle screen (typed twice, or one line on standard input)
    Password { name: String },
}

#[derive(Subcommand, Debug)]
pub enum UserKeyCommand {
    /// Register the public key in FILE for NAME
    Add { name: String, file: PathBuf },
    /// Remove the public key in FILE from NAME
    Remove { name: String, file: PathBuf },
}

#[derive(Subcommand, Debug)]
pub enum LayakCommand {
    /// Each programme's persons with household, age, kelurahan and reason, and the true totals (exit 1 when none)
    List {
        /// Only this programme (KLJ, KAJ, KPDJ, KPARJ, PKH, BPNT, JKN-PBI)
        #[arg(long)]
        program: Option<String>,
        /// Only this kelurahan (a code such as 31.75.03.1001, or its name)
        #[arg(long)]
        kelurahan: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum UsulanCommand {
    /// Every proposal, oldest submission first, with the 30-day rule (exit 1 when none)
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum MuskelCommand {
    /// Every Muskel, latest first (exit 1 when none)
    List {
        #[arg(long)]
        json: bool,
    },
    /// Kelurahan whose last Muskel is more than three months ago, or never held (exit 1 when none)
    Due {
        #[arg(long)]
        json: bool,
    },
    /// Write the Berita Acara of Muskel ID: Markdown for .md/.txt, printable HTML for .html/.htm
    BeritaAcara {
        id: u64,
        /// Output file; its extension picks the format (.md, .txt → Markdown; .html, .htm → HTML)
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum VervalCommand {
    /// The work lists: to visit, drafts and returned (of --user), waiting finalisation and pengesahan, self-proposals
    Queue {
        #[arg(long)]
        json: bool,
    },
    /// Every visit of a household (No. KK) with its stages (exit 1 when none)
    Show {
        no_kk: String,
        #[arg(long)]
        json: bool,
    },
    /// Drafts and returned visits of the acting --user (exit 1 when none)
    Drafts {
        #[arg(long)]
        json: bool,
    },
    /// Write a month's ratified visit results per person as CSV (and .xlsx) for upload (exit 1 when none)
    Export {
        /// The month, YYYY-MM
        #[arg(long)]
        period: String,
        /// Output directory
        #[arg(long)]
        out: PathBuf,
        /// Also write an .xlsx workbook
        #[arg(long)]
        xlsx: bool,
        /// Also take finalised visits not yet ratified (column tahap says finalisasi)
        #[arg(long)]
        with_finalised: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum TariffCommand {
    /// Every programme's monthly amounts with their validity
    List {
        #[arg(long)]
        json: bool,
    },
    /// Set a programme's monthly amount from a month (without --yes: show what would change, exit 1)
    Set {
        #[arg(long)]
        program: String,
        /// First month, YYYY-MM
        #[arg(long)]
        from: String,
        /// Last month, YYYY-MM (open-ended when left out)
        #[arg(long)]
        until: Option<String>,
        /// Rupiah per month, e.g. 300000 or 300.000
        #[arg(long)]
        monthly: String,
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum TahapCommand {
    /// Every programme's planned periods with dates, state and days late (exit 1 when none)
    List {
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        json: bool,
    },
    /// A period's plan, frozen lists and counts per kelurahan (PERIOD: 2026-T4 or 2026-11)
    Show {
        period: String,
        #[arg(long)]
        program: String,
        #[arg(long)]
        json: bool,
    },
    /// Build the list without freezing it: counts and exclusions by rule
    Build {
        period: String,
        #[arg(long)]
        program: String,
        #[arg(long)]
        json: bool,
    },
    /// Build and freeze the list (--susulan: a supplementary list of those found since)
    Freeze {
        period: String,
        #[arg(long)]
        program: String,
        #[arg(long)]
        susulan: bool,
        #[arg(long)]
        json: bool,
    },
    /// Who entered, left and changed amount since the previous frozen period
    /// (--out FILE: written as CSV, or .xlsx with --xlsx, never over a file)
    Diff {
        period: String,
        #[arg(long)]
        program: String,
        #[arg(long, conflicts_with = "out")]
        json: bool,
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long, requires = "out")]
        xlsx: bool,
    },
    /// The tariff table: every programme's monthly amounts with validity
    Tariff {
        #[command(subcommand)]
        command: TariffCommand,
    },
    /// Write the bank payment file of a frozen list (never over an existing file)
    BankFile {
        period: String,
        #[arg(long)]
        program: String,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        xlsx: bool,
    },
    /// Import the bank's result file (exit 1 when lines were set aside)
    ImportResults {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Reconcile the bank's results with the frozen list (exit 1 on any mismatch)
    Reconcile {
        period: String,
        #[arg(long)]
        program: String,
        #[arg(long)]
        json: bool,
    },
    /// Is this person on the period's lists and, if not, which rule left them out
    Why {
        nik: String,
        period: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum BurekolCommand {
    /// Import the bank's account file: nik, bank, account, opened, status (exit 1 when lines were set aside)
    Import {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum NonaktifCommand {
    /// Proposals with their counts per state, optionally of one state (exit 1 when none)
    List {
        /// konsep, diajukan, disetujui_muskel, disetujui, ditolak, berlaku, dibatalkan, disanggah, dipulihkan, dikuatkan
        #[arg(long)]
        state: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// One proposal: subject, reason, evidence, decisions, effect and history (exit 1 when absent)
    Show {
        id: u64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum MonevCommand {
    /// Import a Dukcapil match result (nik,status,tanggal_meninggal,alamat_baru) or a Bappeda asset result (nik,no_kk,jenis_aset,nilai), CSV or .xlsx, into draft proposals (exit 1 when lines were rejected)
    Import {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum KeymapCommand {
    /// Load a keymap file and list its errors (exit 1 when there are any)
    Check { file: PathBuf },
}

#[derive(Args, Debug)]
pub struct BenchArgs {
    /// Households to generate (about four persons each)
    #[arg(long, default_value_t = 250_000)]
    pub households: usize,
    /// Working directory for the generated data and database
    #[arg(long, default_value = "target/bench")]
    pub dir: PathBuf,
    /// Reuse a database already built in --dir
    #[arg(long)]
    pub reuse: bool,
    /// Only the TUI figures, on the database already built in --dir
    #[arg(long)]
    pub tui: bool,
    /// Only the verification-cycle figures, on a copy of the database in --dir
    #[arg(long)]
    pub cycle: bool,
    /// Only the tahap disbursement figures, on a copy of the database in --dir
    #[arg(long)]
    pub tahap: bool,
    /// Only the deactivation figures, on a copy of the database in --dir
    #[arg(long)]
    pub nonaktif: bool,
    /// Only the eligible-not-enrolled queue figures, on the database in --dir (reads only)
    #[arg(long)]
    pub eligible: bool,
    /// Only the import of the generated tables shuffled out of No. KK order, beside the same tables in order (memory)
    #[arg(long)]
    pub unsorted: bool,
    /// Only the `dtks serve` figures: SSH lookups and many screen sessions at once, on a copy of the database in --dir
    #[arg(long)]
    pub serve: bool,
    /// Only the audit-of-views figures: lookups and list pages with their events, verify, reopen; on a copy of the database in --dir
    #[arg(long)]
    pub audit: bool,
    /// Plain against encrypted, side by side: import, reopen, lookups, search, memory and size, each register made from the same data in --dir
    #[arg(long)]
    pub encryption: bool,
    /// An import into an empty register killed at this many random moments (SIGKILL): each time the register must be as before or whole, and `dtks check` pass; the sample of --households in --dir/data
    #[arg(long, value_name = "MOMENTS")]
    pub kills: Option<usize>,
}
