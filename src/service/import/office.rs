//! Office files (FORMATS.md) in an import: their rows turned into the
//! register's own rows (household, person, history, enrolment) and fed to
//! the same merge, checks, batches and rejects files as dtks's own tables.
//!
//! What a layout does not carry is taken from the stored record, so a
//! re-import of the same file changes nothing and an office file never
//! wipes a verification's findings. A household new to the register gets
//! housing conditions `tidak_diketahui` until a visit records them.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::*;
use crate::domain::deactivation::effect::HistoryRef;
use crate::domain::model::{Address, Enrolment, EnrolmentSource, HouseholdInfo, Person, Pregnancy, StatusEntry};
use crate::domain::{DtksStatus, EnrolmentStatus, MaritalStatus, Occupation, Relationship, codes};
use crate::formats::office::read::{ReadFail, read_office};
use crate::formats::office::{Field, Layout, OfficeFileError, OfficeProblem, OfficeTable, Scheme, schemes};
use crate::formats::problem::CellProblem;
use crate::formats::value::{self, Cell};
use crate::store::kinds;

/// What an import made of one office file (or sheet).
#[derive(Debug, Clone, PartialEq)]
pub struct OfficeReport {
    pub file: PathBuf,
    pub sheet: Option<String>,
    pub layout: Layout,
    /// Each coded column (its header as written) and the scheme read.
    pub schemes: Vec<(String, Scheme)>,
    /// Columns dtks does not hold, once per file.
    pub ignored: Vec<String>,
    /// The kelurahan given for a file that carries none.
    pub kelurahan: Option<String>,
    /// Proposals recorded, and those already recorded from the same rows.
    pub usulan_new: u64,
    pub usulan_unchanged: u64,
    /// Proposals whose matching status changed, or was already so.
    pub padan_updated: u64,
    pub padan_unchanged: u64,
}

impl OfficeReport {
    pub(super) fn of_table(t: &OfficeTable) -> OfficeReport {
        OfficeReport::of(t, None)
    }

    fn of(t: &OfficeTable, kelurahan: Option<&str>) -> OfficeReport {
        OfficeReport {
            file: t.path.clone(),
            sheet: t.sheet.clone(),
            layout: t.layout,
            schemes: t.columns.iter().filter(|m| is_coded(m.scheme)).map(|m| (m.header.clone(), m.scheme)).collect(),
            ignored: t.ignored.clone(),
            kelurahan: kelurahan.filter(|_| t.layout.needs_kelurahan()).map(str::to_string),
            usulan_new: 0,
            usulan_unchanged: 0,
            padan_updated: 0,
            padan_unchanged: 0,
        }
    }
}

/// Schemes worth naming in a report: those whose codes mean something.
pub fn is_coded(s: Scheme) -> bool {
    !matches!(
        s,
        Scheme::Text
            | Scheme::Id16
            | Scheme::Date
            | Scheme::DateDayFirst
            | Scheme::Number
            | Scheme::RegionName
            | Scheme::RegionPart
    )
}

/// The ID DTKS kept beside a household's No. KK (record kind
/// [`kinds::OFFICE_IDS`], keyed by No. KK).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HouseholdIds {
    /// IDBDT ("ID DTKS") or BDT 2015's ID rumah tangga.
    pub bdt_id: String,
}

/// The office tables of an import, by what they become.
#[derive(Default)]
pub(super) struct OfficeInput {
    pub(super) register: Vec<OfficeTable>,
    pub(super) ruta: Vec<OfficeTable>,
    pub(super) usulan: Vec<OfficeTable>,
    pub(super) padan: Vec<OfficeTable>,
    /// OpenSID programme participants: enrolments.
    pub(super) programs: Vec<OfficeTable>,
}

impl OfficeInput {
    pub(super) fn is_empty(&self) -> bool {
        self.register.is_empty()
            && self.ruta.is_empty()
            && self.usulan.is_empty()
            && self.padan.is_empty()
            && self.programs.is_empty()
    }
}

fn read_fail(e: ReadFail) -> ServiceError {
    match e {
        ReadFail::Format(f) => f.into(),
        ReadFail::Office(o) => Refusal::Office(o).into(),
    }
}

/// The kelurahan given with `--kelurahan`, in dotted form, checked against
/// the region lists.
pub(super) fn kelurahan_code(
    given: Option<&str>,
    wilayah: &crate::domain::wilayah::Wilayah,
    path: &Path,
) -> Result<Option<String>> {
    let Some(g) = given else { return Ok(None) };
    let code = value::region_code(&Cell::Text(g.to_string())).ok().filter(|c| wilayah.is_kelurahan(c));
    match code {
        Some(c) => Ok(Some(c)),
        None => {
            Err(Refusal::Office(OfficeFileError::BadKelurahan { path: path.to_path_buf(), code: g.to_string() }).into())
        }
    }
}

/// Splits the files into office tables and the rest (dtks's own tables),
/// refusing an ambiguous header or an OpenSID file without `--kelurahan`
/// before anything is written.
pub(super) fn split_office(
    files: Vec<PathBuf>,
    kelurahan: Option<&str>,
    wilayah: &crate::domain::wilayah::Wilayah,
) -> Result<(OfficeInput, Vec<PathBuf>)> {
    let mut input = OfficeInput::default();
    let mut rest = Vec::new();
    for f in files {
        if f.extension().is_some_and(|e| e.eq_ignore_ascii_case("jsonl")) {
            rest.push(f);
            continue;
        }
        let Some(tables) = read_office(&f).map_err(read_fail)? else {
            rest.push(f);
            continue;
        };
        for t in tables {
            if t.layout.needs_kelurahan() {
                if kelurahan.is_none() {
                    return Err(
                        Refusal::Office(OfficeFileError::NeedsKelurahan { path: f.clone(), layout: t.layout }).into()
                    );
                }
                kelurahan_code(kelurahan, wilayah, &f)?;
            }
            if t.layout == Layout::OpenSidProgram && t.program.is_none() {
                return Err(Refusal::Office(OfficeFileError::NoProgramme { path: f.clone() }).into());
            }
            match t.layout {
                Layout::OpenSidProgram => input.programs.push(t),
                Layout::SiksUsulan => input.usulan.push(t),
                Layout::SiksPadan => input.padan.push(t),
                Layout::DtksRuta => input.ruta.push(t),
                _ => input.register.push(t),
            }
        }
    }
    Ok((input, rest))
}

/// One converted row, or the reason it does not convert.
type Converted = std::result::Result<Parsed, RowError>;

/// A cell problem of an office column, named as the layout names it.
fn cell_problem(name: &'static str, p: CellProblem) -> RowProblem {
    RowProblem::cell(name, p)
}

fn office(p: OfficeProblem) -> RowProblem {
    RowProblem::Office(Box::new(p))
}

/// A coded cell read under its scheme: None when blank.
fn coded<T>(
    t: &OfficeTable,
    row: &[Cell],
    f: Field,
    read: impl Fn(&str) -> Option<T>,
) -> std::result::Result<Option<T>, RowProblem> {
    let cell = t.cell(row, f);
    if cell.is_blank() {
        return Ok(None);
    }
    let text = cell.text();
    read(&text).map(Some).ok_or_else(|| {
        let codes = t.scheme_of(f).map(Scheme::codes).unwrap_or_default();
        cell_problem(t.name_of(f), CellProblem::NotOneOf { value: text, codes })
    })
}

fn id16(t: &OfficeTable, row: &[Cell], f: Field) -> std::result::Result<String, RowProblem> {
    value::number16(t.cell(row, f)).map_err(|e| cell_problem(t.name_of(f), e))
}

/// The kelurahan code of a row: the one given, a whole code, or its parts.
pub(super) fn region_of(t: &OfficeTable, row: &[Cell], given: Option<&str>) -> std::result::Result<String, RowProblem> {
    if let Some(g) = given {
        return Ok(g.to_string());
    }
    if t.has(Field::Kelurahan) {
        return value::region_code(t.cell(row, Field::Kelurahan))
            .map_err(|e| cell_problem(t.name_of(Field::Kelurahan), e));
    }
    let digits = |f: Field| t.text(row, f).chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let desa = digits(Field::Desa);
    if desa.len() == 13 && crate::domain::wilayah::level(&desa) == Some(crate::domain::wilayah::Level::Kelurahan) {
        return Ok(desa);
    }
    if desa.len() == 10
        && let Some(code) = crate::domain::wilayah::from_compact(&desa)
    {
        return Ok(code);
    }
    let pad = |s: String, w: usize| -> Option<String> {
        if s.is_empty() || s.len() > w || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(format!("{s:0>w$}"))
    };
    let parts = [digits(Field::Prop), digits(Field::Kab), digits(Field::Kec), desa.clone()];
    let joined = (|| {
        Some(format!(
            "{}.{}.{}.{}",
            pad(parts[0].clone(), 2)?,
            pad(parts[1].clone(), 2)?,
            pad(parts[2].clone(), 2)?,
            pad(parts[3].clone(), 4)?
        ))
    })();
    joined.ok_or_else(|| office(OfficeProblem::NoRegion { parts: parts.join(".") }))
}

/// The stored households a table's rows name, by No. KK.
fn stored_of(svc: &Service, t: &OfficeTable) -> Result<HashMap<String, Household>> {
    let mut out = HashMap::new();
    for (_, row) in &t.rows {
        if let Ok(kk) = value::number16(t.cell(row, Field::NoKk))
            && !out.contains_key(&kk)
            && let Some(h) = svc.store().household(&kk)?
        {
            out.insert(kk, h);
        }
    }
    Ok(out)
}

/// A person row read over the stored person, if any.
fn person_of(
    t: &OfficeTable,
    row: &[Cell],
    nik: &str,
    stored: Option<&Person>,
    today: NaiveDate,
) -> std::result::Result<Person, RowProblem> {
    let from_nik = crate::domain::nik::decode_nik(nik, None, today).ok();
    let name = t.text(row, Field::Name);
    if name.is_empty() {
        return Err(cell_problem(t.name_of(Field::Name), CellProblem::Empty));
    }
    let birth_date = if t.cell(row, Field::BirthDate).is_blank() {
        stored.map(|p| p.birth_date).or(from_nik.as_ref().map(|n| n.birth_date))
    } else {
        Some(
            value::date_in(t.cell(row, Field::BirthDate), false)
                .map_err(|e| cell_problem(t.name_of(Field::BirthDate), e))?,
        )
    };
    let Some(birth_date) = birth_date else {
        let name = if t.has(Field::BirthDate) { t.name_of(Field::BirthDate) } else { "tanggal_lahir" };
        return Err(cell_problem(name, CellProblem::Empty));
    };
    let sex = coded(t, row, Field::Sex, schemes::sex)?
        .or(stored.map(|p| p.sex))
        .or(from_nik.as_ref().map(|n| n.sex))
        .ok_or_else(|| {
        cell_problem(t.name_of(Field::Sex), CellProblem::EmptyCode { codes: Scheme::Sex.codes() })
    })?;
    let scheme = t.scheme_of(Field::Relationship).unwrap_or(Scheme::Shdk);
    let relationship = coded(t, row, Field::Relationship, |s| schemes::relationship(scheme, s))?
        .or(stored.map(|p| p.relationship))
        .ok_or_else(|| {
            cell_problem(t.name_of(Field::Relationship), CellProblem::EmptyCode { codes: scheme.codes() })
        })?;
    let marital = coded(t, row, Field::Marital, schemes::marital)?.or(stored.map(|p| p.marital)).unwrap_or(
        // Unknown: a spouse is married; anyone else is taken as never married.
        if relationship == Relationship::Spouse { MaritalStatus::Married } else { MaritalStatus::Single },
    );
    let occupation = if t.has(Field::Occupation) {
        coded(t, row, Field::Occupation, schemes::occupation_siak)?
    } else if t.has(Field::Working) || t.has(Field::Sector) || t.has(Field::WorkStatus) {
        let working = coded(t, row, Field::Working, schemes::yes_no)?;
        let sector = coded(t, row, Field::Sector, schemes::code)?;
        let status = coded(t, row, Field::WorkStatus, schemes::code)?;
        Some(schemes::occupation_dtks(working, sector, status))
    } else {
        None
    };
    let occupation = occupation.or(stored.map(|p| p.occupation)).unwrap_or(Occupation::None);
    let disability = if t.has(Field::Disability) && !t.cell(row, Field::Disability).is_blank() {
        let scheme = t.scheme_of(Field::Disability).unwrap_or(Scheme::CacatDtks);
        coded(t, row, Field::Disability, |s| schemes::disability(scheme, s))?.flatten()
    } else {
        stored.and_then(|p| p.disability)
    };
    let pregnancy = pregnancy_of(t, row, stored.and_then(|p| p.pregnancy.as_ref()))?;
    if pregnancy.is_some() && sex == crate::domain::Sex::Male {
        return Err(office(OfficeProblem::PregnantMale { column: t.name_of(Field::Pregnant) }));
    }
    let text_or = |f: Field, old: Option<&String>| {
        let v = t.text(row, f);
        if v.is_empty() { old.cloned().unwrap_or_default() } else { v }
    };
    Ok(Person {
        nik: nik.to_string(),
        name,
        birthplace: text_or(Field::Birthplace, stored.map(|p| &p.birthplace)),
        birth_date,
        sex,
        mother_name: text_or(Field::MotherName, stored.map(|p| &p.mother_name)),
        relationship,
        marital,
        occupation,
        disability,
        parent_died_covid: stored.is_some_and(|p| p.parent_died_covid),
        not_eligible: stored.map(|p| p.not_eligible.clone()).unwrap_or_default(),
        history: Vec::new(),
        enrolments: Vec::new(),
        pregnancy,
    })
}

/// The pregnancy a row says (its status, and start date where the layout
/// has one), or the stored one when the row says nothing. A pregnancy the
/// file restates without a date keeps the date stored.
pub(super) fn pregnancy_of(
    t: &OfficeTable,
    row: &[Cell],
    stored: Option<&Pregnancy>,
) -> std::result::Result<Option<Pregnancy>, RowProblem> {
    let since = if t.cell(row, Field::PregnantSince).is_blank() {
        None
    } else {
        Some(
            value::date_in(t.cell(row, Field::PregnantSince), false)
                .map_err(|e| cell_problem(t.name_of(Field::PregnantSince), e))?,
        )
    };
    Ok(match coded(t, row, Field::Pregnant, schemes::yes_no)? {
        None if since.is_none() => stored.cloned(),
        Some(false) => None,
        _ => Some(Pregnancy { since: since.or(stored.and_then(|p| p.since)) }),
    })
}

/// Housing conditions of a household an office file brings in: unknown
/// until a visit records them.
fn unknown_info() -> HouseholdInfo {
    HouseholdInfo {
        floor: codes::Floor::Unknown,
        wall: codes::Wall::Unknown,
        roof: codes::Roof::Unknown,
        lighting: codes::Lighting::Unknown,
        water: codes::DrinkingWater::Unknown,
        sanitation: codes::Sanitation::Unknown,
        cooking_fuel: codes::CookingFuel::Unknown,
        assets: Vec::new(),
        decile: None,
    }
}

/// A history list with `entry` after what the file may restate: entries a
/// decision wrote are kept by the merge itself.
fn with_entry(stored: &[StatusEntry], entry: StatusEntry) -> Vec<StatusEntry> {
    let mut out: Vec<StatusEntry> = stored.iter().filter(|e| HistoryRef::parse(&e.note).is_none()).cloned().collect();
    out.push(entry);
    out
}

/// A person row read, with the programmes its flags say, or why not.
type PersonRead = std::result::Result<(Person, Vec<codes::Programme>), RowProblem>;

/// One household's rows of a register layout, as the register's rows.
struct KkRows {
    first_line: u64,
    rows: Vec<(u64, Vec<String>, PersonRead)>,
    address: std::result::Result<Address, RowProblem>,
    decile: Option<u8>,
    bdt_id: Option<String>,
}

/// The rows of a register layout as dtks rows, sorted by No. KK, with the
/// ID DTKS of each No. KK. `kelurahan` is the code given for a file that
/// carries none.
pub(super) fn convert(
    svc: &Service,
    t: &OfficeTable,
    kelurahan: Option<&str>,
) -> Result<(Vec<Converted>, BTreeMap<String, String>)> {
    let today = svc.today();
    let stored = stored_of(svc, t)?;
    let mut out: Vec<Converted> = Vec::new();
    let mut groups: BTreeMap<String, KkRows> = BTreeMap::new();
    let error = |line: u64, raw: Vec<String>, problem: RowProblem| RowError {
        file: t.path.clone(),
        sheet: t.sheet.clone(),
        line,
        problem,
        raw,
    };
    for (line, row) in &t.rows {
        let raw: Vec<String> = row.iter().map(Cell::display).collect();
        let kk = if !t.has(Field::NoKk) || t.cell(row, Field::NoKk).is_blank() {
            Err(office(OfficeProblem::NoKk))
        } else {
            id16(t, row, Field::NoKk)
        };
        let kk = match kk {
            Ok(k) => k,
            Err(p) => {
                out.push(Err(error(*line, raw, p)));
                continue;
            }
        };
        let home = stored.get(&kk);
        let person = id16(t, row, Field::Nik).and_then(|nik| {
            let p = person_of(t, row, &nik, home.and_then(|h| h.member(&nik)), today)?;
            let mut flags = Vec::new();
            for m in &t.columns {
                if let Field::Flag(p) = m.field
                    && coded(t, row, m.field, schemes::yes_no)? == Some(true)
                {
                    flags.push(p);
                }
            }
            Ok((p, flags))
        });
        let g = groups.entry(kk.clone()).or_insert_with(|| {
            let address = region_of(t, row, kelurahan).and_then(|kel| {
                let base = home.map(|h| &h.address);
                let small = |f: Field, old: Option<u16>| -> std::result::Result<u16, RowProblem> {
                    let c = t.cell(row, f);
                    if c.is_blank() {
                        return Ok(old.unwrap_or(0));
                    }
                    value::small_number(c, 999).map_err(|e| cell_problem(t.name_of(f), e))
                };
                let street = t.text(row, Field::Street);
                Ok(Address {
                    kelurahan: kel,
                    rw: small(Field::Rw, base.map(|a| a.rw))?,
                    rt: small(Field::Rt, base.map(|a| a.rt))?,
                    street: if street.is_empty() { base.map(|a| a.street.clone()).unwrap_or_default() } else { street },
                })
            });
            KkRows {
                first_line: *line,
                rows: Vec::new(),
                address,
                decile: schemes::welfare(&t.text(row, Field::Welfare)),
                bdt_id: Some(t.text(row, Field::HouseholdId)).filter(|s| !s.is_empty()),
            }
        });
        g.rows.push((*line, raw, person));
    }
    let mut ids = BTreeMap::new();
    let enrolment_source = enrolment_source(t, svc.now());
    let source_note =
        format!("{} {}", t.layout.code(), t.path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default());
    let active = |since: NaiveDate| StatusEntry {
        status: DtksStatus::Active,
        since,
        period: None,
        source: crate::domain::Source::Ministry,
        note: source_note.clone(),
    };
    for (kk, g) in groups {
        let home = stored.get(&kk);
        let address = match g.address {
            // The register keeps RT and RW; a layout without them updates
            // households it already holds, never brings new ones.
            Ok(a) if home.is_none() && (a.rw == 0 || a.rt == 0) && !(t.has(Field::Rw) && t.has(Field::Rt)) => {
                for (line, raw, _) in g.rows {
                    out.push(Err(error(line, raw, office(OfficeProblem::NoRtRw { layout: t.layout }))));
                }
                continue;
            }
            Ok(a) => a,
            Err(p) => {
                for (line, raw, _) in g.rows {
                    out.push(Err(error(line, raw, p.clone())));
                }
                continue;
            }
        };
        let mut info = home.map(|h| h.info.clone()).unwrap_or_else(unknown_info);
        if g.decile.is_some() {
            info.decile = g.decile;
        }
        let at = |line: u64, row: Row| Parsed { row, line, raw: Vec::new(), rounded: Vec::new() };
        out.push(Ok(at(g.first_line, Row::Household(HouseholdRow { no_kk: kk.clone(), address, info }))));
        if t.layout.is_dtks() && home.is_none_or(|h| h.status() != DtksStatus::Active) {
            for entry in with_entry(home.map_or(&[][..], |h| &h.history), active(today)) {
                out.push(Ok(at(g.first_line, Row::History(HistoryRow { no_kk: kk.clone(), nik: None, entry }))));
            }
        }
        if let Some(id) = g.bdt_id {
            ids.insert(kk.clone(), id);
        }
        let mut extra = Vec::new();
        for (line, raw, person) in g.rows {
            match person {
                Err(p) => out.push(Err(error(line, raw, p))),
                Ok((person, flags)) => {
                    let old = home.and_then(|h| h.member(&person.nik));
                    if t.layout.is_dtks() && old.is_none_or(|p| p.status() != DtksStatus::Active) {
                        for entry in with_entry(old.map_or(&[][..], |p| &p.history), active(today)) {
                            extra.push(at(
                                line,
                                Row::History(HistoryRow { no_kk: kk.clone(), nik: Some(person.nik.clone()), entry }),
                            ));
                        }
                    }
                    let had: Vec<Enrolment> = old.map(|p| p.enrolments.clone()).unwrap_or_default();
                    let new: Vec<Enrolment> = flags
                        .iter()
                        .filter(|p| !had.iter().any(|e| e.programme == **p))
                        .map(|&programme| Enrolment {
                            programme,
                            status: EnrolmentStatus::Active,
                            since: today,
                            until: None,
                            source: Some(enrolment_source.clone()),
                        })
                        .collect();
                    if !new.is_empty() {
                        for enrolment in had.into_iter().chain(new) {
                            extra.push(at(
                                line,
                                Row::Enrolment(EnrolmentRow { nik: person.nik.clone(), no_kk: kk.clone(), enrolment }),
                            ));
                        }
                    }
                    out.push(Ok(Parsed {
                        row: Row::Person(PersonRow { no_kk: kk.clone(), person }),
                        line,
                        raw,
                        rounded: Vec::new(),
                    }));
                }
            }
        }
        out.extend(extra.into_iter().map(Ok));
    }
    Ok((out, ids))
}

/// Where enrolments read from `t` come from: its layout, its file's name
/// (with the sheet of a workbook) and the import's time.
pub(super) fn enrolment_source(t: &OfficeTable, now: chrono::NaiveDateTime) -> EnrolmentSource {
    let name = t.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let file = match &t.sheet {
        Some(sheet) => format!("{name}#{sheet}"),
        None => name,
    };
    EnrolmentSource { layout: t.layout.code().to_string(), file, imported_at: now }
}

/// Whom an OpenSID programme is for (its Sasaran Program).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Person,
    Household,
    Group,
    /// Not said: a Peserta that is a NIK in the register is a person.
    Unsaid,
}

fn target_of(s: &str) -> Target {
    let f = s.trim().to_lowercase();
    let words: Vec<&str> = f.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    // "1 (Penduduk)": the code decides.
    let f = match words.first() {
        Some(w) if w.bytes().all(|b| b.is_ascii_digit()) => w.to_string(),
        _ => words.join(" "),
    };
    match f.as_str() {
        "" => Target::Unsaid,
        "1" | "penduduk" | "perorangan" | "individu" | "perseorangan" => Target::Person,
        "2" | "3" | "keluarga" | "keluarga kk" | "kk" | "rumah tangga" | "rumah tangga rt" | "rt"
        | "rumah tangga ruta" => Target::Household,
        _ => Target::Group,
    }
}

/// The participant rows of an OpenSID programme workbook as enrolment rows
/// of the register (each household's restated with the new one, as the
/// merge replaces a member's enrolments whole), and how many households it
/// names are enrolled already. A row whose person or household the
/// register does not hold yet (import the population first), or of a
/// programme dtks does not run, is rejected.
pub(super) fn convert_program(svc: &Service, t: &OfficeTable) -> Result<(Vec<Converted>, u64)> {
    let today = svc.today();
    let mut out: Vec<Converted> = Vec::new();
    let error = |line: u64, raw: Vec<String>, problem: RowProblem| RowError {
        file: t.path.clone(),
        sheet: t.sheet.clone(),
        line,
        problem,
        raw,
    };
    let Some(program) = &t.program else { return Ok((out, 0)) };
    let programme = schemes::programme(&program.name);
    let target = target_of(&program.target);
    let date = |c: &Cell| if c.is_blank() { None } else { value::date_in(c, false).ok() };
    let (start, end) = (date(&program.start), date(&program.end));
    let source = enrolment_source(t, svc.now());
    let enrolment = |programme| {
        let ended = end.filter(|e| *e < today);
        Enrolment {
            programme,
            status: if ended.is_some() { EnrolmentStatus::Stopped } else { EnrolmentStatus::Active },
            since: start.unwrap_or(today),
            until: ended,
            source: Some(source.clone()),
        }
    };
    // No. KK → NIK → the row that enrols them.
    let mut by_kk: BTreeMap<String, BTreeMap<String, (u64, Vec<String>)>> = BTreeMap::new();
    let mut stored: HashMap<String, Option<Household>> = HashMap::new();
    for (line, row) in &t.rows {
        let raw: Vec<String> = row.iter().map(Cell::display).collect();
        let found = (|| -> Result<std::result::Result<(String, String), RowProblem>> {
            if programme.is_none() {
                return Ok(Err(office(OfficeProblem::UnknownProgramme { name: program.name.clone() })));
            }
            if target == Target::Group {
                return Ok(Err(office(OfficeProblem::GroupProgramme { target: program.target.clone() })));
            }
            let peserta = match id16(t, row, Field::Participant) {
                Ok(p) => p,
                Err(p) => return Ok(Err(p)),
            };
            let holder = if t.cell(row, Field::Nik).is_blank() {
                None
            } else {
                match id16(t, row, Field::Nik) {
                    Ok(n) => Some(n),
                    Err(p) => return Ok(Err(p)),
                }
            };
            let kks = svc.store().kks_by_nik(&peserta)?;
            if target == Target::Person || (target == Target::Unsaid && !kks.is_empty()) {
                return Ok(match kks.first() {
                    Some(kk) => Ok((kk.clone(), peserta)),
                    None => Err(office(OfficeProblem::NotInRegister { peserta })),
                });
            }
            if !stored.contains_key(&peserta) {
                stored.insert(peserta.clone(), svc.store().household(&peserta)?);
            }
            let home = stored.get(&peserta).and_then(Option::as_ref);
            Ok(match (home, holder) {
                (Some(h), Some(nik)) if h.member(&nik).is_none() => {
                    Err(office(OfficeProblem::NotAMember { nik, no_kk: peserta }))
                }
                (Some(_), Some(nik)) => Ok((peserta, nik)),
                (Some(h), None) => match h.head() {
                    Some(head) => Ok((peserta.clone(), head.nik.clone())),
                    None => Err(office(OfficeProblem::NotInRegister { peserta })),
                },
                // Households come first: the register must hold it already.
                (None, _) => Err(office(OfficeProblem::NotInRegister { peserta })),
            })
        })()?;
        match found {
            Ok((kk, nik)) => {
                by_kk.entry(kk).or_default().entry(nik).or_insert((*line, raw));
            }
            Err(p) => out.push(Err(error(*line, raw, p))),
        }
    }
    let Some(programme) = programme else { return Ok((out, 0)) };
    let mut unchanged = 0;
    for (kk, members) in by_kk {
        if !stored.contains_key(&kk) {
            stored.insert(kk.clone(), svc.store().household(&kk)?);
        }
        let home = stored.get(&kk).and_then(Option::as_ref);
        let mut any = false;
        for (nik, (line, raw)) in members {
            let had: Vec<Enrolment> =
                home.and_then(|h| h.member(&nik)).map(|p| p.enrolments.clone()).unwrap_or_default();
            if had.iter().any(|e| e.programme == programme) {
                continue;
            }
            any = true;
            for e in had {
                out.push(Ok(Parsed {
                    row: Row::Enrolment(EnrolmentRow { nik: nik.clone(), no_kk: kk.clone(), enrolment: e }),
                    line,
                    raw: Vec::new(),
                    rounded: Vec::new(),
                }));
            }
            out.push(Ok(Parsed {
                row: Row::Enrolment(EnrolmentRow { nik, no_kk: kk.clone(), enrolment: enrolment(programme) }),
                line,
                raw,
                rounded: Vec::new(),
            }));
        }
        if !any {
            unchanged += 1;
        }
    }
    Ok((out, unchanged))
}

impl Service {
    /// OpenSID programme participants as import sources.
    pub(super) fn program_sources(
        &self,
        tables: &[OfficeTable],
        lang: Lang,
        report: &mut ImportReport,
    ) -> Result<Vec<Source>> {
        let mut sources = Vec::new();
        for t in tables {
            report.office.push(OfficeReport::of(t, None));
            let (rows, unchanged) = convert_program(self, t)?;
            report.unchanged += unchanged;
            sources.push(Source {
                path: t.path.clone(),
                sheet: t.sheet.clone(),
                kind: Kind::Enrolments,
                rows: Box::new(rows.into_iter()),
                head: None,
                rejects: RejectsWriter::new(
                    RejectsWriter::path_for(&t.path, t.sheet.as_deref()),
                    &t.header,
                    t.delimiter,
                    lang,
                ),
                // A participant row names no household of its own.
                kk_col: None,
                unreadable: BTreeMap::new(),
            });
            if !report.files.contains(&t.path) {
                report.files.push(t.path.clone());
            }
        }
        Ok(sources)
    }

    /// The register layouts' tables as import sources; the ID DTKS of each
    /// No. KK they name goes into `ids`.
    pub(super) fn office_sources(
        &self,
        tables: &[OfficeTable],
        kelurahan: Option<&str>,
        lang: Lang,
        ids: &mut BTreeMap<String, String>,
        report: &mut ImportReport,
    ) -> Result<Vec<Source>> {
        let mut sources = Vec::new();
        for t in tables {
            let kel =
                if t.layout.needs_kelurahan() { kelurahan_code(kelurahan, &self.wilayah(), &t.path)? } else { None };
            report.office.push(OfficeReport::of(t, kel.as_deref()));
            let (rows, found) = convert(self, t, kel.as_deref())?;
            ids.extend(found);
            sources.push(Source {
                path: t.path.clone(),
                sheet: t.sheet.clone(),
                kind: Kind::Persons,
                rows: Box::new(rows.into_iter()),
                head: None,
                rejects: RejectsWriter::new(
                    RejectsWriter::path_for(&t.path, t.sheet.as_deref()),
                    &t.header,
                    t.delimiter,
                    lang,
                ),
                kk_col: t.column(Field::NoKk).map(|m| m.index),
                unreadable: BTreeMap::new(),
            });
            if !report.files.contains(&t.path) {
                report.files.push(t.path.clone());
            }
        }
        Ok(sources)
    }

    /// The ID DTKS to keep beside `kk`, when the files gave one that the
    /// register does not hold yet: written in the household's own batch.
    pub(super) fn household_ids_to_write(
        &self,
        kk: &str,
        ids: &BTreeMap<String, String>,
    ) -> Result<Option<HouseholdIds>> {
        let Some(id) = ids.get(kk) else { return Ok(None) };
        let want = HouseholdIds { bdt_id: id.clone() };
        let stored = self.store().get_record::<HouseholdIds>(kinds::OFFICE_IDS, kk)?;
        Ok((stored.as_ref() != Some(&want)).then_some(want))
    }

    /// The ID DTKS kept beside a No. KK, if an import brought one.
    pub fn household_ids(&self, no_kk: &str) -> Result<Option<HouseholdIds>> {
        Ok(self.store().get_record(kinds::OFFICE_IDS, no_kk)?)
    }

    /// DTKS household-table rows: the welfare status of each household,
    /// found by its ID DTKS (kept by this import or an earlier one).
    pub(super) fn import_ruta(
        &self,
        t: &OfficeTable,
        lang: Lang,
        run_audit: &AuditDraft,
        report: &mut ImportReport,
    ) -> Result<()> {
        report.office.push(OfficeReport::of(t, None));
        if !report.files.contains(&t.path) {
            report.files.push(t.path.clone());
        }
        let by_id: HashMap<String, String> = self
            .store()
            .scan_records::<HouseholdIds>(kinds::OFFICE_IDS)?
            .into_iter()
            .map(|(kk, ids)| (ids.bdt_id, kk))
            .collect();
        let mut rejects =
            RejectsWriter::new(RejectsWriter::path_for(&t.path, t.sheet.as_deref()), &t.header, t.delimiter, lang);
        let mut changed = Vec::new();
        for (line, row) in &t.rows {
            let raw: Vec<String> = row.iter().map(Cell::display).collect();
            let id = t.text(row, Field::HouseholdId);
            let found = match by_id.get(&id) {
                Some(kk) => self.store().household(kk)?,
                None => None,
            };
            let result = match (found, coded(t, row, Field::Welfare, schemes::welfare)) {
                (_, Err(p)) => Err(p),
                (None, _) => Err(office(OfficeProblem::UnknownHouseholdId { id })),
                (Some(h), Ok(d)) => Ok((h, d)),
            };
            match result {
                Ok((mut h, decile)) => {
                    if decile.is_some() && h.info.decile != decile {
                        h.info.decile = decile;
                        changed.push(h);
                    } else {
                        report.unchanged += 1;
                    }
                }
                Err(problem) => {
                    let e = RowError { file: t.path.clone(), sheet: t.sheet.clone(), line: *line, problem, raw };
                    report.rejected += 1;
                    rejects.write(&e)?;
                    report.warn(ImportWarning::Rejected(e));
                }
            }
        }
        if !changed.is_empty() {
            self.store().write(&changed, &[], run_audit)?;
            report.households += changed.len() as u64;
            report.persons += changed.iter().map(|h| h.members.len() as u64).sum::<u64>();
            report.updated += changed.len() as u64;
        }
        if let Some(p) = rejects.finish()? {
            report.rejects_files.push(p);
        }
        Ok(())
    }
}

/// What `dtks import --explain` shows of one office table.
#[derive(Debug, Clone)]
pub struct Explanation {
    pub file: PathBuf,
    pub sheet: Option<String>,
    pub layout: Layout,
    pub columns: Vec<crate::formats::office::Mapped>,
    pub ignored: Vec<String>,
    pub kelurahan: Option<String>,
    pub preview: Vec<Preview>,
}

/// One row as it would be stored, or why it would be rejected.
#[derive(Debug, Clone)]
pub enum Preview {
    /// A dtks table's row: its kind and fields, in the order dtks writes them.
    Stored {
        kind: Kind,
        fields: Vec<String>,
    },
    /// A row of a layout that is not the register's: its fields by name.
    Fields(Vec<(Field, String)>),
    Rejected {
        line: u64,
        problem: RowProblem,
    },
}

/// Rows shown by `--explain`.
const PREVIEW_ROWS: usize = 5;

impl Service {
    /// Reads an office file without importing it: the layout recognised,
    /// the column → field mapping with its scheme, and the first rows as
    /// they would be stored.
    pub fn explain_office(&self, path: &Path, kelurahan: Option<&str>) -> Result<Vec<Explanation>> {
        let Some(tables) = read_office(path).map_err(read_fail)? else {
            return Err(Refusal::Office(OfficeFileError::NotOffice { path: path.to_path_buf() }).into());
        };
        let mut out = Vec::new();
        for t in tables {
            let kel = if t.layout.needs_kelurahan() {
                match kelurahan_code(kelurahan, &self.wilayah(), path)? {
                    Some(k) => Some(k),
                    None => {
                        return Err(Refusal::Office(OfficeFileError::NeedsKelurahan {
                            path: path.to_path_buf(),
                            layout: t.layout,
                        })
                        .into());
                    }
                }
            } else {
                None
            };
            let mut preview = Vec::new();
            if t.layout == Layout::OpenSidProgram {
                let mut head = t.clone();
                head.rows.truncate(PREVIEW_ROWS);
                for r in convert_program(self, &head)?.0 {
                    preview.push(match r {
                        Ok(p) => stored(&p.row),
                        Err(e) => Preview::Rejected { line: e.line, problem: e.problem },
                    });
                }
            } else if t.layout.is_register() {
                let mut head = t.clone();
                head.rows.truncate(PREVIEW_ROWS);
                let (rows, _) = convert(self, &head, kel.as_deref())?;
                for r in rows {
                    preview.push(match r {
                        Ok(p) => stored(&p.row),
                        Err(e) => Preview::Rejected { line: e.line, problem: e.problem },
                    });
                }
            } else {
                for (_, row) in t.rows.iter().take(PREVIEW_ROWS) {
                    let fields = t
                        .columns
                        .iter()
                        .filter(|m| m.field != Field::NotHeld)
                        .map(|m| (m.field, row.get(m.index).map(Cell::text).unwrap_or_default()))
                        .collect();
                    preview.push(Preview::Fields(fields));
                }
            }
            out.push(Explanation {
                file: t.path.clone(),
                sheet: t.sheet.clone(),
                layout: t.layout,
                columns: t.columns.clone(),
                ignored: t.ignored.clone(),
                kelurahan: kel,
                preview,
            });
        }
        Ok(out)
    }
}

fn stored(row: &Row) -> Preview {
    use crate::formats::{enrolment_fields, history_fields, household_fields, person_fields};
    match row {
        Row::Household(h) => {
            Preview::Stored { kind: Kind::Households, fields: household_fields(&h.no_kk, &h.address, &h.info) }
        }
        Row::Person(p) => Preview::Stored { kind: Kind::Persons, fields: person_fields(&p.no_kk, &p.person) },
        Row::History(h) => {
            Preview::Stored { kind: Kind::History, fields: history_fields(&h.no_kk, h.nik.as_deref(), &h.entry) }
        }
        Row::Enrolment(e) => {
            Preview::Stored { kind: Kind::Enrolments, fields: enrolment_fields(&e.no_kk, &e.nik, &e.enrolment) }
        }
        Row::Region(r) => Preview::Stored { kind: Kind::Wilayah, fields: crate::formats::region_fields(r) },
    }
}
